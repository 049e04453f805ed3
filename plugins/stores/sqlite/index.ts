import { join, resolve } from 'node:path';
import { isBskError } from '../../../kernel/errors';
import { definePlugin, type PluginContext } from '../../../kernel/plugin';
import { storeErrors } from '../errors';
import { createMigrateCommand } from '../migrate-command';
import { openSqliteStore, type SqliteStore } from './sqlite-store';

interface SqliteStoreConfig {
  readonly file?: string;
  readonly busyTimeoutMs: number;
}

/**
 * SQLite's own words ("attempt to write a readonly database", "unable to open database file")
 * name no file; an operator needs to hear which one, and what to change. A file the config
 * names is blamed on that field, like any value of the section.
 */
function openStoreFile(ctx: PluginContext<SqliteStoreConfig>, file: string, open: () => SqliteStore): SqliteStore {
  try {
    return open();
  } catch (error) {
    if (isBskError(error)) throw error;
    const fix = ctx.config.file ? 'plugins.sqlite-store.file must be a file in a folder this user can write' : 'the data folder (BYTESPIKE_DATA_DIR or --data) must be a folder this user can write';
    const refusal = storeErrors.create('BSK_STORE_CONFIG_INVALID', { field: 'file', reason: `cannot open ${file} (${(error as Error).message}); ${fix}` }, { cause: error });
    throw ctx.config.file ? ctx.configProblem('file', refusal) : refusal;
  }
}

/** The default store; it steps aside when a store that activates before it (PostgreSQL, when configured) is already provided. */
export const activate = definePlugin<SqliteStoreConfig>((ctx) => {
  const other = ctx.tryUse('store');
  if (other) {
    ctx.logger.debug({ store: other.kind }, 'another store is configured; the SQLite store stays off');
    return;
  }
  const file = ctx.config.file ? resolve(ctx.kernel.cwd, ctx.config.file) : join(ctx.kernel.dataDir, 'bytespike.db');
  const store = openStoreFile(ctx, file, () => openSqliteStore({
    file,
    busyTimeoutMs: ctx.config.busyTimeoutMs,
    onLostCommit: (error) => ctx.logger.error({ err: error }, 'a group commit failed: the holds and settlements of its window are lost (none of them is billed)'),
  }));
  ctx.provide('store', store);
  ctx.contribute('cli-command', createMigrateCommand(store.migrator, store.appliedAtOpen));
  ctx.tryUse('http')?.addHealthCheck('store', async () => ({ kind: store.kind, schema: (await store.migrations()).at(-1)?.version ?? 0 }));
  ctx.logger.debug({ file }, 'sqlite store opened');
  return () => store.close();
});
