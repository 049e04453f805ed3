import { performance } from 'node:perf_hooks';
import { definePlugin } from '../../../kernel/plugin';
import { createMarketplaceCommand } from './marketplace-command';
import { createSkillCommand } from './skill-command';
import { createSkillsService } from './skills-service';

export type { SkillsService } from './skills-service';

export const activate = definePlugin((ctx) => {
  const layers = ctx.use('layers');
  const providers = () => ctx.tryUse('providers');
  const now = () => performance.now();
  ctx.provide('skills', createSkillsService({ layers, providers, fetch: globalThis.fetch, now }));
  const services = { layers, get providers() { return providers(); }, fetch: globalThis.fetch, now, cwd: ctx.kernel.cwd };
  ctx.contribute('cli-command', createSkillCommand(services));
  ctx.contribute('cli-command', createMarketplaceCommand(services));
});
