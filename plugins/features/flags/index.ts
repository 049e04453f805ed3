import { definePlugin } from '../../../kernel/plugin';
import type { FeatureFlags } from '../../router/chat-middleware';
import type { FlagResolver } from '../../router/ports';
import { combinePolicies, type OrgFlagSettings } from './flag-policy';
import { checkOrgSettings, createFlagSettings } from './flag-settings';
import { readRequestFlags } from './read-request-flags';
import { resolveFlags } from './resolve-flags';

interface FeatureFlagsConfig {
  /** Applies to every org, under each org's own settings. */
  readonly gateway: OrgFlagSettings;
  readonly orgs: Record<string, OrgFlagSettings>;
  readonly keys: Record<string, FeatureFlags>;
}

export const activate = definePlugin<FeatureFlagsConfig>((ctx) => {
  const gatewayPolicy = checkOrgSettings(ctx.config.gateway, 'gateway');
  const settings = createFlagSettings({ orgs: ctx.config.orgs, keys: ctx.config.keys });
  const resolver: FlagResolver = {
    async resolve(key, sources) {
      const org = settings.orgSettings(key.orgId);
      const layers = { request: readRequestFlags(sources), key: settings.keyDefaults(key.keyId), org: { ...gatewayPolicy.defaults, ...org.defaults } };
      return resolveFlags(layers, combinePolicies(gatewayPolicy, org));
    },
  };
  ctx.provide('feature-flags', resolver);
  ctx.provide('flag-settings', settings);
});
