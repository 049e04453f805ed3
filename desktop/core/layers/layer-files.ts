import { join } from 'node:path';
import type { Logger } from '../../../kernel/logger';
import { EMPTY_POLICY, readPolicy } from './enterprise-policy';
import { FileCache } from './file-cache';
import type { EnterprisePolicy, InstructionPart, LayerName, LayerProblem, LayerRoot } from './layers';
import { isPlainObject, type JsonObject } from './setting-paths';

export const SETTINGS_FILE = 'settings.json';
export const POLICY_FILE = 'policy.json';
export const INSTRUCTIONS_FILE = 'DOSIA.md';
export const ACTIVE_ROLE_FILE = 'active-role';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
}

function parseSettings(text: string): JsonObject {
  const value = parseJson(text);
  if (!isPlainObject(value)) throw new Error('must be a JSON object');
  return value;
}

export interface LayerSettings {
  readonly layer: LayerName;
  readonly file: string;
  readonly settings: JsonObject;
  /** Set when settings.json exists but cannot be used (it then counts as empty). */
  readonly problem: LayerProblem | null;
}

/**
 * Reads the files each layer can hold, through stat-checked caches shared by every view
 * of the layers. A file that cannot be used becomes a problem naming its layer and path,
 * logged once, and the layer continues as if the file were absent.
 */
export class LayerFiles {
  private readonly settingsCache = new FileCache(parseSettings);
  private readonly jsonCache = new FileCache(parseJson);
  private readonly textCache = new FileCache((text) => text);
  private readonly logged = new Set<string>();

  constructor(private readonly logger: Logger | undefined) {}

  settings(root: LayerRoot): LayerSettings | null {
    if (root.path === null) return null;
    const file = join(root.path, SETTINGS_FILE);
    const read = this.settingsCache.read(file);
    if (read.status === 'ok') return { layer: root.layer, file, settings: read.value, problem: null };
    const problem = read.status === 'unreadable' ? this.problem(root.layer, file, read.reason) : null;
    return { layer: root.layer, file, settings: {}, problem };
  }

  policy(enterprise: LayerRoot): { policy: EnterprisePolicy; problems: LayerProblem[] } {
    if (enterprise.path === null) return { policy: EMPTY_POLICY, problems: [] };
    const file = join(enterprise.path, POLICY_FILE);
    const read = this.jsonCache.read(file);
    if (read.status === 'missing') return { policy: EMPTY_POLICY, problems: [] };
    if (read.status === 'unreadable') return { policy: { ...EMPTY_POLICY, file }, problems: [this.problem('enterprise', file, read.reason)] };
    const { policy, problems } = readPolicy(read.value, file);
    return { policy, problems: problems.map((reason) => this.problem('enterprise', file, reason)) };
  }

  instruction(root: LayerRoot): { part: InstructionPart | null; problem: LayerProblem | null } {
    if (root.path === null) return { part: null, problem: null };
    const path = join(root.path, INSTRUCTIONS_FILE);
    const read = this.textCache.read(path);
    if (read.status === 'ok') return { part: { layer: root.layer, path, content: read.value }, problem: null };
    return { part: null, problem: read.status === 'unreadable' ? this.problem(root.layer, path, read.reason) : null };
  }

  /** The role chosen with `dosia role use`, as written in `<DOSIA_HOME>/active-role`. */
  activeRole(home: string): { name: string | null; problem: LayerProblem | null } {
    const path = join(home, ACTIVE_ROLE_FILE);
    const read = this.textCache.read(path);
    if (read.status === 'missing') return { name: null, problem: null };
    if (read.status === 'unreadable') return { name: null, problem: this.problem('personal', path, read.reason) };
    const name = read.value.trim();
    return name ? { name, problem: null } : { name: null, problem: null };
  }

  private problem(layer: LayerName, path: string, reason: string): LayerProblem {
    const problem = { layer, path, reason };
    const key = `${path}\n${reason}`;
    if (!this.logged.has(key)) {
      this.logged.add(key);
      this.logger?.warn({ layer, path, reason }, 'layer file ignored');
    }
    return problem;
  }
}
