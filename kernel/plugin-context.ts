import type { HookBus } from './hook-bus';
import { kernelErrors } from './kernel-errors';
import type { Logger } from './logger';
import { parseRequirement } from './manifest';
import { type PlannedPlugin, pluginConfigProblem } from './plan';
import type { Disposer, KernelInfo, PluginContext } from './plugin';
import type { CapabilityRegistry } from './registry';

export interface ContextHandle {
  readonly context: PluginContext;
  /** Names this plugin provided or contributed to, to check against its manifest. */
  readonly provided: Set<string>;
  /** Undo everything the plugin registered, newest first. */
  readonly disposers: Disposer[];
}

/**
 * Builds the context for one plugin. Everything the plugin registers (capabilities,
 * contributions, hooks) is remembered so that disposing the plugin removes it again.
 */
export function createPluginContext(plugin: PlannedPlugin, deps: { registry: CapabilityRegistry; hooks: HookBus; logger: Logger; kernel: KernelInfo }): ContextHandle {
  const { manifest } = plugin;
  const provided = new Set<string>();
  const disposers: Disposer[] = [];
  const requirements = (manifest.requires ?? []).map(parseRequirement);
  const assertDeclared = (capability: string) => {
    if (!requirements.some((requirement) => requirement.name === capability)) throw kernelErrors.create('BSK_CAPABILITY_UNDECLARED', { plugin: manifest.name, capability });
  };
  const context: PluginContext = {
    name: manifest.name,
    manifest,
    folder: plugin.folder,
    config: plugin.config,
    logger: deps.logger.child({ plugin: manifest.name }),
    kernel: deps.kernel,
    provide(name, value) {
      disposers.push(deps.registry.provide(manifest.name, name, value));
      provided.add(name);
    },
    use(name) {
      assertDeclared(name);
      return deps.registry.use(name);
    },
    tryUse(name) {
      assertDeclared(name);
      return deps.registry.has(name) ? deps.registry.use(name) : undefined;
    },
    contribute(point, item) {
      disposers.push(deps.registry.contribute(manifest.name, point, item));
      provided.add(point);
    },
    contributions(point) {
      return deps.registry.contributions(point);
    },
    hooks: {
      on(hook, handler, options) {
        disposers.push(deps.hooks.on(manifest.name, hook, handler, options));
      },
      run(hook, payload) {
        return deps.hooks.run(hook, payload);
      },
    },
    onDispose(disposer) {
      disposers.push(disposer);
    },
    configProblem: (field, error) => pluginConfigProblem(plugin, plugin.configSource, field, error),
  };
  return { context, provided, disposers };
}
