import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../kernel/cli/command';
import { runCli } from '../../kernel/cli/run-cli';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { createTestSchema, type TestSchema } from './postgres/postgres-test-schema';
import { isBskError } from '../../kernel/errors';
import { MIGRATIONS } from './sqlite/migrations';
import { openSqliteStore } from './sqlite/sqlite-store';

/** `bytespike migrate` through the real CLI runner: which store answers, and what a boot refuses. */
let folder: string;
let database: TestSchema;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bsk-store-selection-'));
  database = await createTestSchema('selection');
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await database?.drop();
});

async function bytespike(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (text) => void (stdout += text), err: (text) => void (stderr += text), isTty: false };
  const code = await runCli(gatewayProfile, ['--data', folder, ...argv], io, { PATH: process.env.PATH, ...env }, folder);
  return { code, stdout, stderr };
}

const postgresEnv = () => ({ BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema });
const latest = Math.max(...MIGRATIONS.map((migration) => migration.version));

describe('store selection and bytespike migrate', () => {
  it('uses PostgreSQL when BYTESPIKE_DATABASE_URL is set: the boot migrates, migrate up says what it applied', async () => {
    const up = await bytespike(['migrate', 'up', '--json'], postgresEnv());
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toEqual({ store: 'postgres', applied: MIGRATIONS.map(({ version, name }) => ({ version, name })), version: latest });
    const again = await bytespike(['migrate', 'up'], postgresEnv());
    expect(again.stdout).toBe(`schema up to date at v${latest}\n`);
    const status = JSON.parse((await bytespike(['migrate', 'status', '--json'], postgresEnv())).stdout);
    expect(status.store).toBe('postgres');
    expect(status.location).toContain(`schema ${database.schema}`);
    expect(status.versions.every((row: { appliedAt: string | null }) => row.appliedAt !== null)).toBe(true);
  });

  it('uses the SQLite file in the data folder when no database URL is set', async () => {
    const status = JSON.parse((await bytespike(['migrate', 'status', '--json'])).stdout);
    expect(status.store).toBe('sqlite');
    expect(status.location).toBe(join(folder, 'bytespike.db'));
  });

  it('refuses to start on a schema version it does not know, naming the plugin and both versions', async () => {
    const client = new pg.Client({ connectionString: database.url, options: `-c search_path=${database.schema}` });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from a newer gateway', '2030-01-01T00:00:00.000Z')");
    await client.end();
    const refused = await bytespike(['serve', '--port', '0'], postgresEnv());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('postgres-store');
    expect(refused.stderr).toContain(`schema version 999, this gateway knows versions up to ${latest}`);
    expect(refused.stderr).toContain('BSK_STORE_SCHEMA_UNKNOWN');
  });

  it('refuses a SQLite file migrated by a newer gateway too', async () => {
    const file = join(folder, 'newer.db');
    await openSqliteStore({ file }).close();
    const direct = new BetterSqlite3(file);
    direct.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from a newer gateway', '2030-01-01T00:00:00.000Z')").run();
    direct.close();
    const failure = (() => {
      try {
        openSqliteStore({ file });
      } catch (error) {
        return error;
      }
    })();
    expect(isBskError(failure) && failure.code).toBe('BSK_STORE_SCHEMA_UNKNOWN');
  });

  it('names the environment variable when the database URL is not a PostgreSQL URL', async () => {
    const refused = await bytespike(['migrate', 'status'], { BYTESPIKE_DATABASE_URL: 'mysql://db/bytespike' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('environment variable BYTESPIKE_DATABASE_URL');
  });

  it('names plugins.sqlite-store.file in the config file when the file it sets cannot be opened, not the plugin\'s manifest', async () => {
    writeFileSync(join(folder, 'not-a-folder'), '');
    const config = join(folder, 'sqlite-file.json');
    writeFileSync(config, JSON.stringify({ plugins: { 'sqlite-store': { file: 'not-a-folder/gateway.db' } } }));
    const refused = await bytespike(['--config', config, 'migrate', 'status']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: plugin sqlite-store: ${config}: field plugins.sqlite-store.file: store setting file: cannot open ${join(folder, 'not-a-folder', 'gateway.db')} (${join(folder, 'not-a-folder')} is a file, not a folder); plugins.sqlite-store.file must be a file in a folder this user can write (BSK_STORE_CONFIG_INVALID) [BSK_PLUGIN_CONFIG_INVALID]\n`);
  });
});
