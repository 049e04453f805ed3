import { readFileSync } from 'node:fs';
import semver from 'semver';
import { closestName } from './closest-name';
import { resolvePluginSection, setEnvMappings } from './config';
import type { BskError } from './errors';
import { kernelErrors } from './kernel-errors';
import { type DiscoveredPlugin, type LoadedManifest, type PluginManifest, parseRequirement } from './manifest';
import { orderByDependencies } from './order';
import { type JsonSchema, type SchemaProblem, validateAgainst } from './schema-validator';
import { KERNEL_VERSION } from './version';
import pluginSchema from '../schemas/plugin.schema.json';

export interface PlannedPlugin extends LoadedManifest {
  /** The plugin's validated config section, schema defaults applied. */
  readonly config: Record<string, unknown>;
  /** Where that section came from, named when one of its values is refused. */
  readonly configSource: ConfigSource;
  /** Names of the planned plugins this one activates after. */
  readonly dependencies: readonly string[];
}

export interface RefusedPlugin {
  readonly name: string;
  readonly folder: string;
  readonly manifest: PluginManifest | null;
  readonly error: BskError;
}

export interface Plan {
  /** Plugins that can be activated, in activation order. */
  readonly plugins: readonly PlannedPlugin[];
  readonly refused: readonly RefusedPlugin[];
}

/** Where plugins' config sections come from: the config file (named even when there is none) and the environment its variables overlay. */
export interface ConfigSource {
  readonly configFile: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface PlanInput extends ConfigSource {
  readonly discovered: readonly DiscoveredPlugin[];
  /** Keeps a discovered plugin in the plan; the profile uses it to drop built-ins it does not list. */
  readonly include: (plugin: LoadedManifest) => boolean;
  readonly sections: Readonly<Record<string, Record<string, unknown>>>;
}

type ManifestResult = { ok: true; loaded: LoadedManifest } | { ok: false; refused: RefusedPlugin };

function folderName(folder: string): string {
  return folder.split(/[\\/]/).filter(Boolean).pop() ?? folder;
}

function readManifest(discovered: DiscoveredPlugin): ManifestResult {
  const fallbackName = folderName(discovered.folder);
  const refuse = (error: BskError, manifest: PluginManifest | null = null, name = fallbackName): ManifestResult => ({ ok: false, refused: { name, folder: discovered.folder, manifest, error } });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(discovered.manifestFile, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'BSK_PLUGIN_MANIFEST_MISSING' : 'BSK_PLUGIN_MANIFEST_UNREADABLE';
    return refuse(kernelErrors.create(code, { plugin: fallbackName, file: discovered.manifestFile, reason: (error as Error).message }, { cause: error }));
  }
  const name = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : fallbackName;
  const problems = validateAgainst(pluginSchema as JsonSchema, raw);
  if (problems.length) return refuse(kernelErrors.create('BSK_PLUGIN_MANIFEST_INVALID', { plugin: name, file: discovered.manifestFile, ...problems[0] }), null, name);
  const manifest = raw as PluginManifest;
  if (!semver.validRange(manifest.engines.kernel) || !semver.satisfies(KERNEL_VERSION, manifest.engines.kernel)) {
    return refuse(kernelErrors.create('BSK_PLUGIN_ENGINE_MISMATCH', { plugin: name, file: discovered.manifestFile, range: manifest.engines.kernel, kernel: KERNEL_VERSION }), manifest, name);
  }
  return { ok: true, loaded: { ...discovered, manifest } };
}

/**
 * A config problem names where the bad value was set: the environment variable mapped onto
 * that property if one is set, otherwise the config file and the plugin's section in it.
 */
function configProblem(loaded: Pick<LoadedManifest, 'manifest' | 'manifestFile'>, source: ConfigSource, problem: SchemaProblem, cause?: unknown): BskError {
  const { manifest } = loaded;
  const property = problem.field === '(root)' ? undefined : problem.field.split('.')[0];
  const fromEnv = setEnvMappings(manifest.env, source.env).find(([, mapped]) => mapped === property);
  const field = `plugins.${manifest.name}${property === undefined ? '' : `.${problem.field}`}`;
  const file = fromEnv ? `environment variable ${fromEnv[0]}` : source.configFile;
  return kernelErrors.create('BSK_PLUGIN_CONFIG_INVALID', { plugin: manifest.name, file, field, reason: problem.reason, manifest: loaded.manifestFile }, cause === undefined ? undefined : { cause });
}

/** A value of its section that the plugin's code refuses (PluginContext.configProblem), named as the plan names one its schema refuses. */
export function pluginConfigProblem(loaded: Pick<LoadedManifest, 'manifest' | 'manifestFile'>, source: ConfigSource, field: string, error: BskError): BskError {
  return configProblem(loaded, source, { field, reason: `${error.message} (${error.code})` }, error);
}

function validateConfig(loaded: LoadedManifest, input: PlanInput): { config: Record<string, unknown> } | { error: BskError } {
  const { manifest } = loaded;
  const config = resolvePluginSection(input.sections[manifest.name], manifest.env, input.env, manifest.config);
  if (!manifest.config) return { config };
  let problems: SchemaProblem[];
  try {
    problems = validateAgainst(manifest.config, config);
  } catch (error) {
    // The manifest's own schema does not compile (a third-party plugin's mistake, e.g. an unknown
    // type): that plugin is refused with its manifest named, not the whole boot with ajv's error.
    return { error: kernelErrors.create('BSK_PLUGIN_MANIFEST_INVALID', { plugin: manifest.name, file: loaded.manifestFile, field: 'config', reason: `is not a valid JSON Schema: ${(error as Error).message}` }, { cause: error }) };
  }
  return problems.length ? { error: configProblem(loaded, input, problems[0]!) } : { config };
}

/**
 * A config section no discovered plugin answers to is a typo or a plugin that is not installed;
 * read as nothing, it would start the gateway without the provider the section set up.
 */
function unknownSections(input: PlanInput, known: readonly string[]): RefusedPlugin[] {
  return Object.keys(input.sections).filter((name) => !known.includes(name)).map((name) => {
    const guess = closestName(name, known);
    const reason = `no plugin is named "${name}"${guess ? ` (did you mean "${guess}"?)` : '; `plugins list` shows the installed ones'}`;
    return { name, folder: input.configFile, manifest: null, error: kernelErrors.create('BSK_CONFIG_INVALID', { file: input.configFile, field: `plugins.${name}`, reason }) };
  });
}

/**
 * Who satisfies each requirement: the plugin of that name, or every plugin that provides
 * it. Refused plugins are indexed too, so a plugin needing one hears "depends on refused
 * plugin X" rather than a misleading "nothing provides".
 */
function indexProviders(plugins: readonly { name: string; manifest: PluginManifest | null }[]): Map<string, string[]> {
  const providers = new Map<string, string[]>();
  for (const { name, manifest } of plugins) {
    for (const capability of new Set([name, ...(manifest?.provides ?? []).map((entry) => parseRequirement(entry).name)])) {
      // A plugin whose config was refused comes both as accepted and as refused: one name, once.
      const names = providers.get(capability) ?? [];
      if (!names.includes(name)) providers.set(capability, [...names, name]);
    }
  }
  return providers;
}

/**
 * Reads and checks every discovered plugin without running any of its code: manifest
 * schema, kernel range, duplicates, config schema, requirements, cycles. A plugin that
 * depends on a refused one is refused too, so the plan never holds half a dependency tree.
 */
export function planPlugins(input: PlanInput): Plan {
  const refused: RefusedPlugin[] = [];
  const accepted = new Map<string, LoadedManifest>();
  const known: string[] = [];
  for (const discovered of input.discovered) {
    const result = readManifest(discovered);
    if (!result.ok) {
      refused.push(result.refused);
      continue;
    }
    known.push(result.loaded.manifest.name);
    if (!input.include(result.loaded)) continue;
    const { manifest } = result.loaded;
    const other = accepted.get(manifest.name);
    if (other) {
      refused.push({ name: manifest.name, folder: discovered.folder, manifest, error: kernelErrors.create('BSK_PLUGIN_DUPLICATE', { plugin: manifest.name, file: discovered.manifestFile, other: other.folder }) });
      continue;
    }
    accepted.set(manifest.name, result.loaded);
  }

  refused.push(...unknownSections(input, [...known, ...refused.map((entry) => entry.name)]));

  const configs = new Map<string, Record<string, unknown>>();
  for (const loaded of accepted.values()) {
    const result = validateConfig(loaded, input);
    if ('error' in result) refused.push({ name: loaded.manifest.name, folder: loaded.folder, manifest: loaded.manifest, error: result.error });
    else configs.set(loaded.manifest.name, result.config);
  }
  // Everything refused above is out; requirements are resolved against what is left,
  // except that a requirement a refused plugin would have met is reported as such.
  // A duplicate's refusal does not take out the plugin of that name that was accepted first.
  const outOfPlan = refused.filter((entry) => (accepted.get(entry.name)?.folder ?? entry.folder) === entry.folder);
  const refusedNames = new Set(outOfPlan.map((entry) => entry.name));
  const allProviders = indexProviders([...[...accepted.values()].map(({ manifest }) => ({ name: manifest.name, manifest })), ...outOfPlan]);
  const candidates = [...accepted.values()].filter((loaded) => !refusedNames.has(loaded.manifest.name));

  const dependencies = new Map<string, string[]>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const loaded of candidates) {
      const { manifest } = loaded;
      if (refusedNames.has(manifest.name)) continue;
      const resolved: string[] = [];
      for (const requirement of (manifest.requires ?? []).map(parseRequirement)) {
        const providers = (allProviders.get(requirement.name) ?? []).filter((provider) => provider !== manifest.name);
        const live = providers.filter((provider) => !refusedNames.has(provider));
        if (providers.length && !live.length && !requirement.optional) {
          refused.push({ name: manifest.name, folder: loaded.folder, manifest, error: kernelErrors.create('BSK_PLUGIN_DEPENDENCY_REFUSED', { plugin: manifest.name, file: loaded.manifestFile, dependency: providers.join(', ') }) });
        } else if (!providers.length && !requirement.optional) {
          refused.push({ name: manifest.name, folder: loaded.folder, manifest, error: kernelErrors.create('BSK_PLUGIN_REQUIRE_MISSING', { plugin: manifest.name, file: loaded.manifestFile, capability: requirement.name }) });
        } else {
          resolved.push(...live);
          continue;
        }
        refusedNames.add(manifest.name);
        changed = true;
        break;
      }
      dependencies.set(manifest.name, resolved);
    }
  }

  const live = candidates.filter((loaded) => !refusedNames.has(loaded.manifest.name));
  const { ordered, cycles } = orderByDependencies(live.map((loaded) => loaded.manifest.name), (name) => dependencies.get(name) ?? []);
  const onCycle = new Map(cycles.flatMap((cycle) => cycle.map((name) => [name, cycle.join(' -> ')] as const)));
  for (const loaded of live) {
    const name = loaded.manifest.name;
    if (ordered.includes(name)) continue;
    const cycle = onCycle.get(name);
    const error = cycle
      ? kernelErrors.create('BSK_PLUGIN_REQUIRE_CYCLE', { plugin: name, file: loaded.manifestFile, cycle })
      : kernelErrors.create('BSK_PLUGIN_DEPENDENCY_REFUSED', { plugin: name, file: loaded.manifestFile, dependency: (dependencies.get(name) ?? []).filter((dependency) => !ordered.includes(dependency)).join(', ') });
    refused.push({ name, folder: loaded.folder, manifest: loaded.manifest, error });
  }

  const plugins = ordered.map((name) => {
    const loaded = accepted.get(name)!;
    return { ...loaded, config: configs.get(name)!, configSource: { configFile: input.configFile, env: input.env }, dependencies: dependencies.get(name) ?? [] };
  });
  return { plugins, refused };
}
