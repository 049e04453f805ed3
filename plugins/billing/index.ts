import { definePlugin } from '../../kernel/plugin';
import { type AccountsService, createAccountsService } from './accounts-service';
import { type BillingService, createBillingService } from './billing-service';
import { createMemoryRateLimiter } from './rate-limiter';

declare module '../../kernel/capabilities' {
  interface Capabilities {
    accounts: AccountsService;
    billing: BillingService;
  }
}

interface BillingConfig {
  readonly holdTtlSeconds: number;
  readonly heartbeatSeconds: number;
  readonly staleAfterSeconds: number;
  /** Absent: the accounts service picks (on with SQLite, off with PostgreSQL). */
  readonly authCacheSeconds?: number;
}

export const activate = definePlugin<BillingConfig>(async (ctx) => {
  const store = ctx.use('store');
  // With Redis, limits are counted once for every instance and revocations reach all of them; alone, in this process.
  const rateLimiter = ctx.tryUse('rate-limiter') ?? createMemoryRateLimiter();
  const accounts = await createAccountsService({ store, rateLimiter, bus: ctx.tryUse('cluster-bus'), authCacheSeconds: ctx.config.authCacheSeconds });
  ctx.onDispose(() => accounts.dispose());
  ctx.provide('accounts', accounts);
  const billing = createBillingService({
    store,
    logger: ctx.logger,
    holdTtlSeconds: ctx.config.holdTtlSeconds,
    heartbeatSeconds: ctx.config.heartbeatSeconds,
    staleAfterSeconds: ctx.config.staleAfterSeconds,
  });
  ctx.provide('billing', billing);
  // Holds left open by a process that crashed are released now, and expired ones from here on.
  await billing.start();
  return () => billing.stop();
});
