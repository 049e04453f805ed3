import { resolve } from 'node:path';
import { CapabilityRegistry } from './registry';
import type { CapabilityName, Capabilities } from './capabilities';
import { loadConfig } from './config';
import { importPluginModule } from './entry';
import { type BskError, isBskError } from './errors';
import { HookBus } from './hook-bus';
import { kernelErrors } from './kernel-errors';
import { createLogger, type Logger } from './logger';
import { type LoadedManifest, parseRequirement } from './manifest';
import { type Plan, type PlannedPlugin, planPlugins } from './plan';
import type { Disposer, KernelInfo } from './plugin';
import { createPluginContext } from './plugin-context';
import type { Profile } from './profile';
import { discoverPlugins } from './sources';
import { KERNEL_VERSION } from './version';

export interface KernelOptions {
  readonly profile: Profile;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly configFile?: string;
  readonly pluginDirs?: readonly string[];
  readonly dataDir?: string;
  readonly logger?: Logger;
  /** Keep only these built-in plugins (and what they need): e.g. the admin CLI skips the HTTP host. */
  readonly only?: (plugin: LoadedManifest) => boolean;
  /**
   * Stops the boot (a SIGTERM while booting): the plugin activating finishes (a migration is
   * never left half-applied), the ones activated are disposed in reverse order, and the boot
   * rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
}

export interface ActivePlugin extends PlannedPlugin {
  readonly disposers: readonly Disposer[];
}

export interface Kernel {
  readonly info: KernelInfo;
  readonly plan: Plan;
  readonly plugins: readonly ActivePlugin[];
  readonly registry: CapabilityRegistry;
  readonly hooks: HookBus;
  readonly logger: Logger;
  use<K extends CapabilityName>(name: K): Capabilities[K];
  /** Disposes every plugin in reverse activation order; safe to call twice. */
  dispose(): Promise<void>;
}

export function resolveKernelInfo(options: KernelOptions): KernelInfo {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  return { version: KERNEL_VERSION, profile: options.profile, cwd, env, dataDir: options.dataDir ?? options.profile.defaultDataDir(env, cwd), plugins: () => [] };
}

/** Discovers and plans plugins without running any plugin code (for `plugins list` and boot). */
export function planKernel(options: KernelOptions): Plan {
  const info = resolveKernelInfo(options);
  const config = loadConfig(options.profile, { cwd: info.cwd, env: info.env, file: options.configFile });
  const discovered = discoverPlugins(options.profile, { pluginDirs: options.pluginDirs ?? [], configDirs: config.pluginDirs, env: info.env, cwd: info.cwd, dataDir: info.dataDir });
  const inProfile = (plugin: LoadedManifest) => plugin.origin !== 'builtin' || options.profile.plugins.includes(plugin.manifest.name);
  const configFile = config.file ?? resolve(info.cwd, `${options.profile.product}.config.json`);
  return planPlugins({ discovered, include: (plugin) => inProfile(plugin) && (options.only?.(plugin) ?? true), sections: config.plugins, env: info.env, configFile });
}

async function runDisposers(plugin: ActivePlugin, logger: Logger): Promise<void> {
  for (const disposer of [...plugin.disposers].reverse()) {
    try {
      await disposer();
    } catch (error) {
      logger.error({ err: kernelErrors.create('BSK_PLUGIN_DISPOSE_FAILED', { plugin: plugin.manifest.name, reason: (error as Error).message }, { cause: error }) }, 'dispose failed');
    }
  }
}

/**
 * The kernel's own refusals of this plugin already name its file and field; anything else
 * thrown during activation (a plugin bug, a capability used without declaring it) is
 * wrapped so the one line still names plugin, file and field, and the boot exits 2.
 */
function activationFailure(plugin: PlannedPlugin, error: unknown): BskError {
  if (kernelErrors.is(error) && error.code.startsWith('BSK_PLUGIN_') && error.details.plugin === plugin.manifest.name) return error;
  const reason = isBskError(error) ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  return kernelErrors.create('BSK_PLUGIN_ACTIVATE_FAILED', { plugin: plugin.manifest.name, file: plugin.manifestFile, reason }, { cause: error });
}

/**
 * Boots a profile: plan, then activate in dependency order. Any refusal or activation
 * failure stops the boot, and so does `options.signal`; plugins already activated are
 * disposed in reverse order before the error is thrown, so nothing is left half-running.
 */
export async function bootKernel(options: KernelOptions): Promise<Kernel> {
  const logger = options.logger ?? createLogger();
  const plan = planKernel(options);
  const info: KernelInfo = {
    ...resolveKernelInfo(options),
    plugins: () => plan.plugins.map(({ manifest, origin }) => ({ name: manifest.name, version: manifest.version, kind: manifest.kind, origin })),
  };
  if (plan.refused.length) throw plan.refused[0]!.error;

  const registry = new CapabilityRegistry();
  const hooks = new HookBus((hook, plugin, error) => logger.error({ err: error, hook, plugin }, 'hook undo failed'));
  const active: ActivePlugin[] = [];
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    for (const plugin of [...active].reverse()) await runDisposers(plugin, logger);
  };

  const stopIfSignalled = async () => {
    if (!options.signal?.aborted) return;
    logger.info({ activated: active.length, planned: plan.plugins.length }, 'boot stopped; disposing the plugins activated so far');
    await dispose();
    options.signal.throwIfAborted();
  };

  for (const plugin of plan.plugins) {
    await stopIfSignalled();
    const handle = createPluginContext(plugin, { registry, hooks, logger, kernel: info });
    const entry = { ...plugin, disposers: handle.disposers };
    try {
      const module = await importPluginModule(plugin);
      active.push(entry);
      const disposer = await module.activate(handle.context);
      if (typeof disposer === 'function') handle.disposers.push(disposer);
      // `name?` in provides: the plugin may contribute nothing (a list of instances from config can be empty).
      const unmet = (plugin.manifest.provides ?? []).map(parseRequirement).find((capability) => !capability.optional && !handle.provided.has(capability.name));
      if (unmet) throw kernelErrors.create('BSK_PLUGIN_PROVIDES_UNMET', { plugin: plugin.manifest.name, file: plugin.manifestFile, capability: unmet.name });
    } catch (error) {
      await dispose();
      throw activationFailure(plugin, error);
    }
    logger.debug({ plugin: plugin.manifest.name, version: plugin.manifest.version }, 'plugin activated');
  }
  await stopIfSignalled();

  return { info, plan, plugins: active, registry, hooks, logger, use: (name) => registry.use(name), dispose };
}
