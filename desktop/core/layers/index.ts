import { definePlugin } from '../../../kernel/plugin';
import { createLayers } from './create-layers';
import { defaultEnterpriseDir } from './layer-roots';
import { createRoleCommand } from './role-command';
import { createScopesCommand } from './scopes-command';
import { createSettingsCommand } from './settings-command';

export type * from './layers';
export { LAYERS_BROADEST_FIRST, LAYERS_NARROWEST_FIRST, POLICY_KINDS } from './layers';

interface LayersConfig {
  readonly enterpriseDir?: string;
  readonly watchDebounceMs: number;
  readonly watchPollMs: number;
}

export const activate = definePlugin<LayersConfig>((ctx) => {
  const { layers, close } = createLayers({
    // The kernel's data folder is DOSIA_HOME (or --data), i.e. the Personal root.
    home: ctx.kernel.dataDir,
    cwd: ctx.kernel.cwd,
    enterpriseDir: ctx.config.enterpriseDir ?? defaultEnterpriseDir(process.platform, ctx.kernel.env),
    debounceMs: ctx.config.watchDebounceMs,
    pollMs: ctx.config.watchPollMs,
    logger: ctx.logger,
  });
  ctx.provide('layers', layers);
  ctx.contribute('cli-command', createScopesCommand(layers));
  ctx.contribute('cli-command', createSettingsCommand(layers));
  ctx.contribute('cli-command', createRoleCommand(layers));
  return close;
});
