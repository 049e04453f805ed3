import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeJsonFailure, describeYamlFailure } from './describe-parse-failure';
import { kernelErrors } from './kernel-errors';
import type { Profile } from './profile';
import { type JsonSchema, validateAgainst } from './schema-validator';
import configSchema from '../schemas/config.schema.json';

/** The product config file: plugin sections plus the kernel's own settings. */
export interface KernelConfig {
  /** Absolute path of the file it came from, or null when there is none. */
  readonly file: string | null;
  readonly pluginDirs: readonly string[];
  readonly plugins: Readonly<Record<string, Record<string, unknown>>>;
}

function candidateFiles(profile: Profile, cwd: string): string[] {
  return ['json', 'yaml', 'yml'].map((extension) => resolve(cwd, `${profile.product}.config.${extension}`));
}

function parseConfigFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const json = file.endsWith('.json');
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw kernelErrors.create('BSK_CONFIG_UNREADABLE', { file, reason: json ? describeJsonFailure(text, error as Error) : describeYamlFailure(error as Error) }, { cause: error });
  }
}

/**
 * Reads `<product>.config.{json,yaml,yml}` from the working folder (or the file named by
 * `--config` / `<PREFIX>_CONFIG`). A missing default file means an empty config; a named
 * file that is missing is an error.
 */
export function loadConfig(profile: Profile, options: { cwd: string; env: NodeJS.ProcessEnv; file?: string | undefined }): KernelConfig {
  const named = options.file ?? options.env[`${profile.envPrefix}_CONFIG`];
  const file = named ? resolve(options.cwd, named) : candidateFiles(profile, options.cwd).find((candidate) => existsSync(candidate));
  if (named && !existsSync(file!)) throw kernelErrors.create('BSK_CONFIG_UNREADABLE', { file, reason: 'file not found' });
  if (!file) return { file: null, pluginDirs: [], plugins: {} };
  const raw = parseConfigFile(file) ?? {};
  const problems = validateAgainst(configSchema as JsonSchema, raw);
  if (problems.length) throw kernelErrors.create('BSK_CONFIG_INVALID', { file, ...problems[0] });
  const parsed = raw as { pluginDirs?: string[]; plugins?: Record<string, Record<string, unknown>> };
  return {
    file,
    pluginDirs: (parsed.pluginDirs ?? []).map((folder) => resolve(dirname(file), folder)),
    plugins: parsed.plugins ?? {},
  };
}

/**
 * Environment values are always strings; one mapped onto a number or boolean property is
 * converted, so `PORT=9000` validates as the integer it means. Anything that does not
 * convert cleanly stays a string and the schema reports it.
 */
function convertEnvValue(value: string, propertySchema: unknown): unknown {
  const declared = (propertySchema as { type?: unknown } | undefined)?.type;
  const types = Array.isArray(declared) ? declared : [declared];
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  // A list in one variable is comma-separated: BYTESPIKE_REDIS_CLUSTER_NODES=redis://a:6379,redis://b:6379
  if (types.includes('array')) return value.split(',').map((item) => item.trim()).filter(Boolean);
  return value;
}

/** The environment variables of a plugin's `env` map that are set, as [variable, property] pairs. */
export function setEnvMappings(envMap: Readonly<Record<string, string>> | undefined, env: NodeJS.ProcessEnv): [string, string][] {
  return Object.entries(envMap ?? {}).filter(([variable]) => env[variable] !== undefined && env[variable] !== '');
}

/**
 * A plugin's effective config: its file section, overlaid by the environment variables
 * its manifest maps (env wins, so a deployment can override a checked-in file).
 */
export function resolvePluginSection(
  section: Record<string, unknown> | undefined,
  envMap: Readonly<Record<string, string>> | undefined,
  env: NodeJS.ProcessEnv,
  schema?: JsonSchema,
): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone(section ?? {});
  const properties = (schema?.properties ?? {}) as Record<string, unknown>;
  for (const [variable, property] of setEnvMappings(envMap, env)) result[property] = convertEnvValue(env[variable]!, properties[property]);
  return result;
}
