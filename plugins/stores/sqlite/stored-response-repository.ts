import type { StoredResponseRepository, StoredResponseRow } from '../stored-response-repository';
import type { SqlRunner } from './console-repository';
import type { Synchronous } from './synchronous';

type Row = Record<string, unknown>;
type SyncStoredResponseRepository = Synchronous<StoredResponseRepository>;

/** The columns of stored_responses in storedResponseValues order; the same statements run on PostgreSQL with numbered placeholders. */
export const STORED_RESPONSE_COLUMNS = 'org_id, id, key_id, model, previous_response_id, input_items, response, created_at, expires_at';

export function toStoredResponse(row: Row): StoredResponseRow {
  return {
    id: row.id as string, orgId: row.org_id as string, keyId: row.key_id as string, model: row.model as string,
    previousResponseId: (row.previous_response_id as string | null) ?? null,
    inputItems: JSON.parse(row.input_items as string) as unknown[], response: JSON.parse(row.response as string) as Record<string, unknown>,
    createdAt: row.created_at as string, expiresAt: row.expires_at as string,
  };
}

export function storedResponseValues(row: StoredResponseRow): unknown[] {
  return [row.orgId, row.id, row.keyId, row.model, row.previousResponseId, JSON.stringify(row.inputItems), JSON.stringify(row.response), row.createdAt, row.expiresAt];
}

/**
 * The walk back from a response through its previous ones, each placeholder used once in this
 * order: org, id, at (the first), at (each earlier one), the most responses after the first.
 */
export const STORED_RESPONSE_CHAIN = `
  WITH RECURSIVE chain(org_id, id, previous_response_id, depth) AS (
    SELECT org_id, id, previous_response_id, 0 FROM stored_responses WHERE org_id = ? AND id = ? AND expires_at > ?
    UNION ALL
    SELECT earlier.org_id, earlier.id, earlier.previous_response_id, chain.depth + 1 FROM chain
      JOIN stored_responses earlier ON earlier.org_id = chain.org_id AND earlier.id = chain.previous_response_id
      WHERE earlier.expires_at > ? AND chain.depth < ?
  )
  SELECT stored.* FROM chain JOIN stored_responses stored ON stored.org_id = chain.org_id AND stored.id = chain.id ORDER BY chain.depth DESC`;

export function createSqliteStoredResponseRepository(sql: SqlRunner): SyncStoredResponseRepository {
  const { one, all, run } = sql;
  return {
    insertStoredResponse: (row) =>
      run(`INSERT INTO stored_responses (${STORED_RESPONSE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, id) DO NOTHING`, ...storedResponseValues(row)).changes === 1,
    getStoredResponse: (orgId, id, at) => {
      const row = one('SELECT * FROM stored_responses WHERE org_id = ? AND id = ? AND expires_at > ?', orgId, id, at);
      return row ? toStoredResponse(row) : null;
    },
    listStoredResponseChain: (orgId, id, at, maxLength) => all(STORED_RESPONSE_CHAIN, orgId, id, at, at, maxLength - 1).map(toStoredResponse),
    deleteStoredResponse: (orgId, id, at) => run('DELETE FROM stored_responses WHERE org_id = ? AND id = ? AND expires_at > ?', orgId, id, at).changes === 1,
    deleteExpiredStoredResponses: (at) => run('DELETE FROM stored_responses WHERE expires_at <= ?', at).changes,
  };
}
