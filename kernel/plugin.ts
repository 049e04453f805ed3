import type { Capabilities, CapabilityName, ContributionPoint, Contributions } from './capabilities';
import type { BskError } from './errors';
import type { HookHandler, HookName, Hooks } from './hook-bus';
import type { Logger } from './logger';
import type { PluginManifest } from './manifest';
import type { Profile } from './profile';

export type Disposer = () => void | Promise<void>;

/** What the kernel hands a plugin's `activate`. */
export interface PluginContext<Config = Record<string, unknown>> {
  readonly name: string;
  readonly manifest: PluginManifest;
  /** Absolute folder of the plugin (for its own data files). */
  readonly folder: string;
  /** The plugin's config section, validated against its manifest schema, defaults applied. */
  readonly config: Config;
  /** A pino child logger bound to `{ plugin: name }`. */
  readonly logger: Logger;
  readonly kernel: KernelInfo;
  provide<K extends CapabilityName>(name: K, value: Capabilities[K]): void;
  /** Only capabilities listed in the manifest's `requires` may be used. */
  use<K extends CapabilityName>(name: K): Capabilities[K];
  /** Like `use`, for an optional (`name?`) requirement: undefined when nothing provides it. */
  tryUse<K extends CapabilityName>(name: K): Capabilities[K] | undefined;
  contribute<K extends ContributionPoint>(point: K, item: Contributions[K]): void;
  contributions<K extends ContributionPoint>(point: K): Contributions[K][];
  readonly hooks: {
    on<H extends HookName>(hook: H, handler: HookHandler<Hooks[H]>, options?: { priority?: number }): void;
    run<H extends HookName>(hook: H, payload: Hooks[H]): Promise<void>;
  };
  /** Registers cleanup that runs when the kernel disposes this plugin (after the returned disposer). */
  onDispose(disposer: Disposer): void;
  /**
   * For `activate` to throw on a value of its config section that the manifest's schema cannot
   * refuse (two instances of one name): BSK_PLUGIN_CONFIG_INVALID, naming where the operator set
   * it (the config file or environment variable) and `plugins.<name>.<field>` (`field` dotted
   * within the section: `instances.1.name`), with `error`, the plugin's own, as reason and cause.
   */
  configProblem(field: string, error: BskError): BskError;
}

export interface KernelInfo {
  readonly version: string;
  readonly profile: Profile;
  /** The profile's data folder (created by whichever plugin first writes to it). */
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The plugins of this boot, in activation order (for `/health` and diagnostics). */
  plugins(): readonly LoadedPluginSummary[];
}

export interface LoadedPluginSummary {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  readonly origin: string;
}

/** The shape of a plugin's entry module. */
export interface PluginModule<Config = Record<string, unknown>> {
  activate(ctx: PluginContext<Config>): void | Disposer | Promise<void | Disposer>;
}

/** Identity helper so a plugin's `activate` gets its config type checked. */
export function definePlugin<Config = Record<string, unknown>>(activate: PluginModule<Config>['activate']): PluginModule<Config>['activate'] {
  return activate;
}
