import { defineErrors } from '../../kernel/errors';

/** Errors of the stores (PostgreSQL, SQLite) and the shared Redis state. */
export const storeErrors = defineErrors({
  BSK_STORE_UNAVAILABLE: { status: 503, message: 'the {store} database is unreachable ({reason}); nothing was charged, retry shortly' },
  BSK_STORE_SCHEMA_UNKNOWN: { status: 500, message: 'the {store} database has schema version {found}, this gateway knows versions up to {known}: upgrade the gateway (or point it at another database)' },
  BSK_STORE_CONFIG_INVALID: { status: 500, message: 'store setting {field}: {reason}' },
  BSK_STORE_NUL_CHARACTER: { status: 400, message: 'a value of this request that the {store} database keeps as text (a name, an email, an id, a prompt) holds a NUL character (U+0000), which it cannot store; remove it' },
  BSK_REDIS_UNAVAILABLE: { status: 503, message: 'Redis is unreachable ({reason}); requests that need a shared limit are refused until it is back' },
});
