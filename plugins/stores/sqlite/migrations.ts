/**
 * Schema versions, applied in order at boot inside one transaction each and recorded in
 * `schema_migrations`. Never edit a released migration: add the next version instead.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Where PostgreSQL needs something other than `sql` translated (see postgres-migrations.ts). */
  readonly postgresSql?: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, keys, ledger, reservations, request log',
    sql: `
      CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE orgs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 0,
        daily_limit INTEGER, monthly_limit INTEGER, created_at TEXT NOT NULL
      );
      CREATE TABLE members (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        credits_per_day INTEGER, credits_per_month INTEGER, rpm INTEGER, created_at TEXT NOT NULL,
        UNIQUE (org_id, email)
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), member_id TEXT NOT NULL REFERENCES members(id),
        parent_id TEXT REFERENCES api_keys(id), name TEXT NOT NULL, prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL, models TEXT, credit_limit INTEGER, rpm INTEGER, expires_at TEXT,
        created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT
      );
      CREATE INDEX api_keys_parent ON api_keys (parent_id);
      CREATE INDEX api_keys_org_member ON api_keys (org_id, member_id);
      CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT, org_id TEXT NOT NULL REFERENCES orgs(id),
        kind TEXT NOT NULL CHECK (kind IN ('top-up', 'hold', 'settle', 'release', 'refund')),
        amount INTEGER NOT NULL, request_id TEXT, member_id TEXT, key_id TEXT, note TEXT, created_at TEXT NOT NULL
      );
      CREATE INDEX ledger_entries_org ON ledger_entries (org_id, id);
      CREATE TABLE reservations (
        request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, member_id TEXT NOT NULL, key_id TEXT NOT NULL,
        model TEXT NOT NULL, modality TEXT NOT NULL, held INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'settled', 'released', 'expired')),
        requested INTEGER, charged INTEGER, instance_id TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, closed_at TEXT
      );
      CREATE INDEX reservations_open ON reservations (status) WHERE status = 'open';
      CREATE INDEX reservations_org_closed ON reservations (org_id, closed_at);
      CREATE INDEX reservations_member_closed ON reservations (member_id, closed_at);
      CREATE INDEX reservations_key ON reservations (key_id);
      CREATE TABLE request_logs (
        request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, member_id TEXT NOT NULL, key_id TEXT NOT NULL,
        model TEXT NOT NULL, modality TEXT NOT NULL, status INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
        images INTEGER NOT NULL, video_seconds INTEGER NOT NULL, searches INTEGER NOT NULL,
        credits INTEGER NOT NULL, flags TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE INDEX request_logs_org_created ON request_logs (org_id, created_at);
      CREATE TABLE instances (id TEXT PRIMARY KEY, heartbeat_at TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'spend totals per period, indexes on open holds',
    // Limit checks run on every reservation: they read running totals and the (few) open
    // holds through partial indexes, so their cost does not grow with the request history.
    sql: `
      CREATE TABLE spend_totals (scope TEXT NOT NULL, period TEXT NOT NULL, credits INTEGER NOT NULL, PRIMARY KEY (scope, period));
      CREATE INDEX reservations_open_org ON reservations (org_id) WHERE status = 'open';
      CREATE INDEX reservations_open_member ON reservations (member_id) WHERE status = 'open';
      CREATE INDEX reservations_open_key ON reservations (key_id) WHERE status = 'open';
      DROP INDEX reservations_org_closed;
      DROP INDEX reservations_member_closed;
      DROP INDEX reservations_key;
    `,
  },
  {
    version: 3,
    name: 'console: users, sessions, invites, redemption codes, member suspension, low-balance alert, OAuth codes',
    // Secrets are stored as SHA-256 digests only (see plugins/stores/console-repository.ts).
    sql: `
      CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), member_id TEXT NOT NULL REFERENCES members(id),
        csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
      );
      CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
      ALTER TABLE members ADD COLUMN suspended_at TEXT;
      CREATE INDEX members_email ON members (email);
      ALTER TABLE orgs ADD COLUMN low_balance_threshold INTEGER;
      CREATE TABLE invites (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')), token_hash TEXT NOT NULL UNIQUE,
        invited_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, accepted_at TEXT
      );
      CREATE INDEX invites_org ON invites (org_id, created_at);
      CREATE TABLE redemption_codes (
        code_hash TEXT PRIMARY KEY, credits INTEGER NOT NULL, note TEXT, created_at TEXT NOT NULL, redeemed_at TEXT, redeemed_by TEXT
      );
      CREATE TABLE oauth_codes (
        code_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, code_challenge TEXT NOT NULL,
        member_id TEXT NOT NULL REFERENCES members(id), scopes TEXT NOT NULL, device_name TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, issued_key_id TEXT
      );
    `,
  },
  {
    version: 4,
    name: 'video jobs and served media in the shared store',
    // Every instance sees every job and image; `poll_owner`/`poll_until` let one instance at a
    // time check a job upstream (see MediaRepository.claimVideoJob).
    sql: `
      CREATE TABLE video_jobs (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL, key_id TEXT NOT NULL, request_id TEXT NOT NULL, model_id TEXT NOT NULL, provider TEXT NOT NULL,
        upstream_job_id TEXT NOT NULL, content_location TEXT, prompt TEXT NOT NULL, seconds REAL NOT NULL, size TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'in_progress', 'completed', 'failed')), progress INTEGER NOT NULL,
        error_code TEXT, error_message TEXT, poll_owner TEXT, poll_until TEXT, created_at TEXT NOT NULL, completed_at TEXT
      );
      CREATE INDEX video_jobs_unfinished ON video_jobs (created_at) WHERE status IN ('queued', 'in_progress');
      CREATE TABLE media_blobs (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL, mime_type TEXT NOT NULL, bytes BLOB NOT NULL, created_at TEXT NOT NULL, expires_at TEXT
      );
      CREATE INDEX media_blobs_expires ON media_blobs (expires_at) WHERE expires_at IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'feature-flag settings of orgs and keys; tokens-per-minute limits on keys and members',
    sql: `
      CREATE TABLE flag_settings (subject TEXT PRIMARY KEY, settings TEXT NOT NULL, updated_at TEXT NOT NULL);
      ALTER TABLE api_keys ADD COLUMN tpm INTEGER;
      ALTER TABLE members ADD COLUMN tpm INTEGER;
    `,
  },
  {
    version: 6,
    name: 'fewer pages written per request: tables keyed by their primary key, one index on open holds',
    // Every page a transaction changes is one WAL frame written at COMMIT, and those writes were
    // most of a request's billing cost (24 frames for a reserve and a settle). Keyed by their
    // (time-ordered) request ids, WITHOUT ROWID tables keep each row in one b-tree and append at
    // its right edge, instead of a table plus a key index; one partial index holds every open
    // hold by org, member and key (the amount included, so sums never touch the table), instead
    // of three; and the ledger drops AUTOINCREMENT, whose counter row cost a page per
    // transaction (ids still only grow: ledger rows are never deleted).
    sql: `
      CREATE TABLE reservations_by_key (
        request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, member_id TEXT NOT NULL, key_id TEXT NOT NULL,
        model TEXT NOT NULL, modality TEXT NOT NULL, held INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'settled', 'released', 'expired')),
        requested INTEGER, charged INTEGER, instance_id TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, closed_at TEXT
      ) WITHOUT ROWID;
      INSERT INTO reservations_by_key SELECT request_id, org_id, member_id, key_id, model, modality, held, status, requested, charged, instance_id, created_at, expires_at, closed_at FROM reservations;
      DROP TABLE reservations;
      ALTER TABLE reservations_by_key RENAME TO reservations;
      CREATE INDEX reservations_open ON reservations (org_id, member_id, key_id, held) WHERE status = 'open';

      CREATE TABLE request_logs_by_key (
        request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, member_id TEXT NOT NULL, key_id TEXT NOT NULL,
        model TEXT NOT NULL, modality TEXT NOT NULL, status INTEGER NOT NULL, latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
        images INTEGER NOT NULL, video_seconds INTEGER NOT NULL, searches INTEGER NOT NULL,
        credits INTEGER NOT NULL, flags TEXT NOT NULL, created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO request_logs_by_key SELECT request_id, org_id, member_id, key_id, model, modality, status, latency_ms, first_token_ms, input_tokens, output_tokens,
        cached_input_tokens, cache_write_tokens, reasoning_tokens, images, video_seconds, searches, credits, flags, created_at FROM request_logs;
      DROP TABLE request_logs;
      ALTER TABLE request_logs_by_key RENAME TO request_logs;
      CREATE INDEX request_logs_org_created ON request_logs (org_id, created_at);

      CREATE TABLE spend_totals_by_key (scope TEXT NOT NULL, period TEXT NOT NULL, credits INTEGER NOT NULL, PRIMARY KEY (scope, period)) WITHOUT ROWID;
      INSERT INTO spend_totals_by_key SELECT scope, period, credits FROM spend_totals;
      DROP TABLE spend_totals;
      ALTER TABLE spend_totals_by_key RENAME TO spend_totals;

      CREATE TABLE ledger_entries_plain (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
        kind TEXT NOT NULL CHECK (kind IN ('top-up', 'hold', 'settle', 'release', 'refund')),
        amount INTEGER NOT NULL, request_id TEXT, member_id TEXT, key_id TEXT, note TEXT, created_at TEXT NOT NULL
      );
      INSERT INTO ledger_entries_plain SELECT id, org_id, kind, amount, request_id, member_id, key_id, note, created_at FROM ledger_entries;
      DROP TABLE ledger_entries;
      ALTER TABLE ledger_entries_plain RENAME TO ledger_entries;
      CREATE INDEX ledger_entries_org ON ledger_entries (org_id, id);
    `,
    // SQLite's storage layout only: PostgreSQL has no WAL frames per page to save, and keeps its tables and indexes.
    postgresSql: 'SELECT 1',
  },
  {
    version: 7,
    name: 'the skill marketplace in the shared store',
    // Before, the marketplace kept its own SQLite file per process, so a scale-out deployment's
    // instances each served only what was published through them (the file is imported at boot).
    sql: `
      CREATE TABLE skill_names (name TEXT PRIMARY KEY, org_id TEXT NOT NULL);
      CREATE TABLE skill_versions (
        name TEXT NOT NULL REFERENCES skill_names(name), version TEXT NOT NULL, org_id TEXT NOT NULL,
        visibility TEXT NOT NULL CHECK (visibility IN ('public', 'org')), description TEXT NOT NULL,
        author TEXT, tags TEXT NOT NULL, sha256 TEXT NOT NULL, archive BLOB NOT NULL, published_at TEXT NOT NULL,
        PRIMARY KEY (name, version)
      );
    `,
  },
  {
    version: 8,
    name: 'stored Responses API responses, for previous_response_id',
    // One row per turn: its own input items and response object, and the response it continued.
    // Keyed by org and id (a passthrough id is the upstream's, unique only where it says so).
    sql: `
      CREATE TABLE stored_responses (
        org_id TEXT NOT NULL, id TEXT NOT NULL, key_id TEXT NOT NULL, model TEXT NOT NULL, previous_response_id TEXT,
        input_items TEXT NOT NULL, response TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
      );
      CREATE INDEX stored_responses_expires ON stored_responses (expires_at);
    `,
  },
  {
    version: 9,
    name: 'billing tables checked by comparisons, not IN lists',
    // SQLite evaluates a CHECK (x IN ('a', 'b', ...)) by building an ephemeral table of the list
    // on every INSERT and UPDATE (EXPLAIN shows OpenEphemeral), and a request writes these two
    // tables about four times: about 40 k instructions, 2 % of the gateway's main thread. An OR
    // chain of equalities accepts exactly the same values and compiles to four comparisons.
    sql: `
      CREATE TABLE reservations_compared (
        request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, member_id TEXT NOT NULL, key_id TEXT NOT NULL,
        model TEXT NOT NULL, modality TEXT NOT NULL, held INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status = 'open' OR status = 'settled' OR status = 'released' OR status = 'expired'),
        requested INTEGER, charged INTEGER, instance_id TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, closed_at TEXT
      ) WITHOUT ROWID;
      INSERT INTO reservations_compared SELECT request_id, org_id, member_id, key_id, model, modality, held, status, requested, charged, instance_id, created_at, expires_at, closed_at FROM reservations;
      DROP TABLE reservations;
      ALTER TABLE reservations_compared RENAME TO reservations;
      CREATE INDEX reservations_open ON reservations (org_id, member_id, key_id, held) WHERE status = 'open';

      CREATE TABLE ledger_entries_compared (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
        kind TEXT NOT NULL CHECK (kind = 'top-up' OR kind = 'hold' OR kind = 'settle' OR kind = 'release' OR kind = 'refund'),
        amount INTEGER NOT NULL, request_id TEXT, member_id TEXT, key_id TEXT, note TEXT, created_at TEXT NOT NULL
      );
      INSERT INTO ledger_entries_compared SELECT id, org_id, kind, amount, request_id, member_id, key_id, note, created_at FROM ledger_entries;
      DROP TABLE ledger_entries;
      ALTER TABLE ledger_entries_compared RENAME TO ledger_entries;
      CREATE INDEX ledger_entries_org ON ledger_entries (org_id, id);
    `,
    // PostgreSQL checks an IN list without building anything per row.
    postgresSql: 'SELECT 1',
  },
  {
    version: 10,
    name: 'where each gateway process runs: host and pid',
    // A process killed outright (kill -9, OOM) left its holds open until its heartbeat went
    // stale (90 s). A row that names a process on this host whose pid is gone is released at
    // once; rows without them (written before this version) keep the heartbeat rule.
    sql: `
      ALTER TABLE instances ADD COLUMN host TEXT;
      ALTER TABLE instances ADD COLUMN pid INTEGER;
    `,
  },
];
