import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL tests run against (trust auth on this machine kind); override with BYTESPIKE_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.BYTESPIKE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  readonly url: string;
  /** A fresh schema of its own, so test files running in parallel never see each other's rows. */
  readonly schema: string;
  drop(): Promise<void>;
}

/** Creates `bsk_<label>_<random>`; `drop` removes it with everything in it. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const schema = `bsk_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  return {
    url: TEST_DATABASE_URL,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
