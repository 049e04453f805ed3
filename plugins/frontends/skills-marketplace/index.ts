import { join } from 'node:path';
import { definePlugin } from '../../../kernel/plugin';
import { importLegacyMarketplace } from './import-legacy-marketplace';
import { registerMarketplaceRoutes } from './marketplace-routes';

interface MarketplaceConfig {
  readonly name: string;
  readonly owner: string;
  readonly maxArchiveBytes: number;
}

export const activate = definePlugin<MarketplaceConfig>(async (ctx) => {
  const store = ctx.use('store');
  await importLegacyMarketplace(join(ctx.kernel.dataDir, 'marketplace', 'marketplace.db'), store, ctx.logger);
  registerMarketplaceRoutes(ctx.use('http').app, {
    store,
    gateway: () => ctx.use('gateway'),
    accounts: ctx.use('accounts'),
    meta: { name: ctx.config.name, owner: ctx.config.owner },
    maxArchiveBytes: ctx.config.maxArchiveBytes,
    logger: ctx.logger,
  });
});
