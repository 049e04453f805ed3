import { join, resolve } from 'node:path';
import { findRepoRoot } from '../../../kernel/paths';
import { definePlugin } from '../../../kernel/plugin';
import { createMemoryRateLimiter } from '../../billing/rate-limiter';
import { registerConsoleAssets } from './console-assets';
import { createConsoleCodesCommand } from './console-codes-command';
import { type ConsoleIdentity, createConsoleIdentity } from './console-identity';
import { registerConsoleRoutes } from './console-routes';
import type { ModalityProviderEntry } from './console-services';
import { createRedemptionCodes, type RedemptionCodes } from './redemption-codes';
import { createSessionGuard, type SessionGuard } from './session-guard';

/** What the OAuth server (and operators' tooling) use of the Console. */
export interface ConsoleCapability {
  readonly guard: SessionGuard;
  readonly identity: ConsoleIdentity;
  readonly codes: RedemptionCodes;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    console: ConsoleCapability;
  }
}

interface ConsoleConfig {
  readonly sessionTtlSeconds: number;
  readonly inviteTtlSeconds: number;
  readonly signInAttempts: number;
  readonly signInWindowSeconds: number;
  readonly secureCookies: boolean;
  readonly assetsDir?: string;
}

const EXPIRED_SESSION_SWEEP_MS = 3_600_000;

/** The contribution point of each modality's providers. */
const PROVIDER_POINTS = { chat: 'chat-provider', embeddings: 'embedding-provider', rerank: 'rerank-provider', images: 'image-provider', videos: 'video-provider' } as const;

export const activate = definePlugin<ConsoleConfig>((ctx) => {
  const { config, logger } = ctx;
  const store = ctx.use('store');
  const accounts = ctx.use('accounts');
  const billing = ctx.use('billing');
  const http = ctx.use('http');
  const now = () => new Date();
  const identity = createConsoleIdentity({
    store, accounts, logger, rateLimiter: ctx.tryUse('rate-limiter') ?? createMemoryRateLimiter(), sessionTtlSeconds: config.sessionTtlSeconds, inviteTtlSeconds: config.inviteTtlSeconds,
    signInAttempts: { limit: config.signInAttempts, windowSeconds: config.signInWindowSeconds },
  });
  const guard = createSessionGuard(identity, { secureCookies: config.secureCookies });
  const codes = createRedemptionCodes(store, billing);
  ctx.provide('console', { guard, identity, codes });
  ctx.contribute('cli-command', createConsoleCodesCommand(codes));
  registerConsoleAssets(http.app, config.assetsDir ? resolve(ctx.kernel.cwd, config.assetsDir) : join(findRepoRoot(), 'dist', 'console'));
  registerConsoleRoutes(http.app, {
    store, accounts, billing, identity, guard, codes, http, logger, now, gateway: ctx.use('gateway'),
    providers: () => Object.entries(PROVIDER_POINTS).flatMap(([modality, point]): ModalityProviderEntry[] => ctx.contributions(point).map((provider) => ({ modality: modality as keyof typeof PROVIDER_POINTS, provider }))),
  });
  const sweep = setInterval(() => void store.deleteExpiredSessions(now().toISOString()).catch((error: unknown) => logger.error({ err: error }, 'expired session sweep failed')), EXPIRED_SESSION_SWEEP_MS);
  sweep.unref();
  return () => clearInterval(sweep);
});
