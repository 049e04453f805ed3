import { definePlugin } from '../../../kernel/plugin';
import { createMigrateCommand } from '../migrate-command';
import { openPostgresStore } from './postgres-store';

interface PostgresStoreConfig {
  readonly url?: string;
  readonly schema?: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
}

/**
 * Active only when a URL is configured; the SQLite store activates after this plugin and
 * steps aside when a store is already provided, so exactly one `store` exists.
 */
export const activate = definePlugin<PostgresStoreConfig>(async (ctx) => {
  const { url } = ctx.config;
  if (!url) return;
  const store = await openPostgresStore({ url, schema: ctx.config.schema, poolSize: ctx.config.poolSize, connectTimeoutMs: ctx.config.connectTimeoutMs, logger: ctx.logger });
  try {
    const applied = await store.migrator.up();
    if (applied.length) ctx.logger.info({ versions: applied.map((migration) => migration.version) }, 'applied schema migrations');
    ctx.provide('store', store);
    ctx.contribute('cli-command', createMigrateCommand(store.migrator, applied));
  } catch (error) {
    await store.close();
    throw error;
  }
  ctx.tryUse('http')?.addHealthCheck('store', async () => ({ kind: store.kind, location: store.location, schema: (await store.migrations()).at(-1)?.version ?? 0 }));
  ctx.logger.info({ location: store.location }, 'postgres store opened');
  return () => store.close();
});
