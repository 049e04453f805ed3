import type { JsonSchema } from './schema-validator';

export const PLUGIN_KINDS = ['provider', 'frontend', 'billing', 'store', 'feature', 'tool', 'host', 'skill'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The contents of a `plugin.json`, as validated against `schemas/plugin.schema.json`. */
export interface PluginManifest {
  readonly name: string;
  readonly version: string;
  readonly kind: PluginKind;
  readonly description: string;
  readonly entry: string;
  readonly engines: { readonly kernel: string };
  readonly requires?: readonly string[];
  readonly provides?: readonly string[];
  readonly config?: JsonSchema;
  readonly env?: Readonly<Record<string, string>>;
  readonly permissions?: readonly string[];
  /** CLI commands that boot only part of the profile (see `commandPlugins`). */
  readonly commands?: Readonly<Record<string, { readonly plugins: readonly string[] }>>;
}

/** Where a plugin was found: the repo's own folders, an extra folder, or an npm package. */
export type PluginOrigin = 'builtin' | 'folder' | 'npm';

export interface DiscoveredPlugin {
  /** Folder holding plugin.json. */
  readonly folder: string;
  /** Absolute path of the plugin.json file. */
  readonly manifestFile: string;
  readonly origin: PluginOrigin;
}

export interface LoadedManifest extends DiscoveredPlugin {
  readonly manifest: PluginManifest;
}

export interface Requirement {
  readonly name: string;
  readonly optional: boolean;
}

export function parseRequirement(entry: string): Requirement {
  return entry.endsWith('?') ? { name: entry.slice(0, -1), optional: true } : { name: entry, optional: false };
}
