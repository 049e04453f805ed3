import type { StoredResponseRepository } from '../stored-response-repository';
import { STORED_RESPONSE_CHAIN, STORED_RESPONSE_COLUMNS, storedResponseValues, toStoredResponse } from '../sqlite/stored-response-repository';
import type { Queryable } from './postgres-repository';

/** The chain query's `?`s, numbered in order (each is used once). */
const CHAIN = (() => {
  let index = 0;
  return STORED_RESPONSE_CHAIN.replace(/\?/g, () => `$${++index}`);
})();

/** Stored Responses API responses on PostgreSQL: the SQLite twin's statements with numbered placeholders. */
export function createPostgresStoredResponseRepository(db: Queryable): StoredResponseRepository {
  const rows = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows as Record<string, unknown>[];
  const changed = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount ?? 0;
  return {
    insertStoredResponse: async (row) =>
      (await changed(`INSERT INTO stored_responses (${STORED_RESPONSE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, id) DO NOTHING`, storedResponseValues(row))) === 1,
    getStoredResponse: async (orgId, id, at) => (await rows('SELECT * FROM stored_responses WHERE org_id = $1 AND id = $2 AND expires_at > $3', [orgId, id, at])).map(toStoredResponse)[0] ?? null,
    listStoredResponseChain: async (orgId, id, at, maxLength) => (await rows(CHAIN, [orgId, id, at, at, maxLength - 1])).map(toStoredResponse),
    deleteStoredResponse: async (orgId, id, at) => (await changed('DELETE FROM stored_responses WHERE org_id = $1 AND id = $2 AND expires_at > $3', [orgId, id, at])) === 1,
    deleteExpiredStoredResponses: (at) => changed('DELETE FROM stored_responses WHERE expires_at <= $1', [at]),
  };
}
