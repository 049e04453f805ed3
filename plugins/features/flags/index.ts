import { definePlugin, type PluginContext } from '../../../kernel/plugin';
import type { FeatureFlags } from '../../router/chat-middleware';
import type { FlagResolver } from '../../router/ports';
import { createLocalBus } from '../../stores/cluster-bus';
import type { FlagSettings } from './flag-policy';
import { flagErrors } from './errors';
import { createFlagSettings } from './flag-settings';
import { readRequestFlags } from './read-request-flags';
import { resolveFlags } from './resolve-flags';

interface FeatureFlagsConfig {
  /** Applies to every org, under each org's own settings. */
  readonly gateway: FlagSettings;
  /** Settings of orgs and keys that have none stored (an admin's settings replace them). */
  readonly orgs: Record<string, FlagSettings>;
  readonly keys: Record<string, FeatureFlags>;
}

/**
 * The config's settings are checked here, against what the manifest's schema cannot say
 * (flag defaults against feature-flags.schema.json); a refusal names the field the operator
 * wrote, which the check gives as its `param`.
 */
function createConfiguredSettings(ctx: PluginContext<FeatureFlagsConfig>): ReturnType<typeof createFlagSettings> {
  try {
    return createFlagSettings({
      store: ctx.use('store'),
      // With Redis, a change reaches every instance's cache; alone, this process's.
      bus: ctx.tryUse('cluster-bus') ?? createLocalBus(),
      gateway: ctx.config.gateway,
      configured: { orgs: ctx.config.orgs, keys: ctx.config.keys },
    });
  } catch (error) {
    if (flagErrors.is(error, 'BSK_FLAGS_INVALID')) throw ctx.configProblem(String(error.details.param), error);
    throw error;
  }
}

export const activate = definePlugin<FeatureFlagsConfig>((ctx) => {
  const settings = createConfiguredSettings(ctx);
  const resolver: FlagResolver = {
    async resolve(key, sources) {
      const request = readRequestFlags(sources);
      const effective = await settings.effectiveFor(key);
      return resolveFlags({ request, key: effective.keyDefaults, org: effective.orgDefaults }, effective.policy);
    },
    requested: readRequestFlags,
  };
  ctx.provide('feature-flags', resolver);
  ctx.provide('flag-settings', settings);
  return () => settings.dispose();
});
