import { MIGRATIONS, type Migration } from '../sqlite/migrations';

/**
 * The one list of schema versions is `../sqlite/migrations.ts`, written in the portable
 * subset both databases read: TEXT, INTEGER, CHECK, REFERENCES, UNIQUE, partial indexes,
 * `INTEGER PRIMARY KEY AUTOINCREMENT` for a generated id. PostgreSQL gets it with types
 * widened to what SQLite means by them: SQLite's INTEGER is 64-bit, PostgreSQL's is 32-bit
 * (2,147 USD in credits), so INTEGER becomes BIGINT and the autoincrement id a BIGSERIAL.
 */
export function toPostgresSql(sql: string): string {
  return sql
    .replace(/\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b/gi, 'BIGSERIAL PRIMARY KEY')
    .replace(/\bINTEGER\b/gi, 'BIGINT')
    .replace(/\bREAL\b/gi, 'DOUBLE PRECISION')
    .replace(/\bBLOB\b/gi, 'BYTEA');
}

/** Every known migration, translated for PostgreSQL. */
export function postgresMigrations(migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  return migrations.map((migration) => ({ ...migration, sql: migration.postgresSql ?? toPostgresSql(migration.sql) }));
}
