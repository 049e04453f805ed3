import { join, resolve } from 'node:path';
import { definePlugin } from '../../../kernel/plugin';
import { openSqliteStore } from './sqlite-store';

interface SqliteStoreConfig {
  readonly file?: string;
  readonly busyTimeoutMs: number;
}

export const activate = definePlugin<SqliteStoreConfig>((ctx) => {
  const file = ctx.config.file ? resolve(ctx.kernel.cwd, ctx.config.file) : join(ctx.kernel.dataDir, 'bytespike.db');
  const store = openSqliteStore({ file, busyTimeoutMs: ctx.config.busyTimeoutMs });
  ctx.provide('store', store);
  ctx.tryUse('http')?.addHealthCheck('store', async () => ({ kind: store.kind, schema: (await store.migrations()).at(-1)?.version ?? 0 }));
  ctx.logger.debug({ file }, 'sqlite store opened');
  return () => store.close();
});
