import { definePlugin } from '../../../kernel/plugin';
import { createMarketplaceCommand } from './marketplace-command';
import { createSkillCommand } from './skill-command';
import { createSkillsService } from './skills-service';

export type { SkillsService } from './skills-service';

export const activate = definePlugin((ctx) => {
  const layers = ctx.use('layers');
  const providers = () => ctx.tryUse('providers');
  const agent = () => ctx.tryUse('agent');
  const skills = createSkillsService({ layers, providers, agent, fetch: globalThis.fetch });
  ctx.provide('skills', skills);
  ctx.contribute('agent-skill-runner', { run: (name, options) => skills.run(name, options) });
  const services = { layers, get providers() { return providers(); }, get agent() { return agent(); }, fetch: globalThis.fetch, cwd: ctx.kernel.cwd };
  ctx.contribute('cli-command', createSkillCommand(services));
  ctx.contribute('cli-command', createMarketplaceCommand(services));
});
