import { performance } from 'node:perf_hooks';
import { definePlugin } from '../../../kernel/plugin';
import { createModelsCommand } from './models-command';
import { createProviderSlot } from './provider-slot';
import { createProvidersCommand } from './providers-command';

export type * from './dosia-provider';

export const activate = definePlugin((ctx) => {
  const layers = ctx.use('layers');
  const secrets = ctx.tryUse('secrets');
  const keySources = { ...(secrets ? { secrets } : {}), env: ctx.kernel.env };
  const slot = createProviderSlot({ layers, logger: ctx.logger, fetch: globalThis.fetch, now: () => performance.now(), keySources });
  ctx.provide('providers', slot);
  ctx.contribute('cli-command', createProvidersCommand(layers, keySources));
  ctx.contribute('cli-command', createModelsCommand(slot));
});
