import { join, resolve } from 'node:path';
import { definePlugin } from '../../../kernel/plugin';
import { createMigrateCommand } from '../migrate-command';
import { openSqliteStore } from './sqlite-store';

interface SqliteStoreConfig {
  readonly file?: string;
  readonly busyTimeoutMs: number;
}

/** The default store; it steps aside when a store that activates before it (PostgreSQL, when configured) is already provided. */
export const activate = definePlugin<SqliteStoreConfig>((ctx) => {
  const other = ctx.tryUse('store');
  if (other) {
    ctx.logger.debug({ store: other.kind }, 'another store is configured; the SQLite store stays off');
    return;
  }
  const file = ctx.config.file ? resolve(ctx.kernel.cwd, ctx.config.file) : join(ctx.kernel.dataDir, 'bytespike.db');
  const store = openSqliteStore({
    file,
    busyTimeoutMs: ctx.config.busyTimeoutMs,
    onLostCommit: (error) => ctx.logger.error({ err: error }, 'a group commit failed: the holds and settlements of its window are lost (none of them is billed)'),
  });
  ctx.provide('store', store);
  ctx.contribute('cli-command', createMigrateCommand(store.migrator, store.appliedAtOpen));
  ctx.tryUse('http')?.addHealthCheck('store', async () => ({ kind: store.kind, schema: (await store.migrations()).at(-1)?.version ?? 0 }));
  ctx.logger.debug({ file }, 'sqlite store opened');
  return () => store.close();
});
