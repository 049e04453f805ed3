import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { layersErrors } from './errors';
import { type LayerName, type LayerRoot, LAYERS_NARROWEST_FIRST } from './layers';

export const PROJECT_FOLDER = '.dosia';

/** Where an organisation's IT puts the read-only Enterprise layer, per platform. */
export function defaultEnterpriseDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'darwin') return '/Library/Application Support/DOSIA/Enterprise';
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'DOSIA', 'Enterprise');
  return '/etc/dosia';
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/** Session ids and role names become folder names, so they must not climb out of their parent. */
export function assertSafeName(what: 'session id' | 'role', name: string): void {
  if (!isSafeName(name)) throw layersErrors.create('BSK_LAYERS_BAD_NAME', { what, name });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The nearest `.dosia/` folder at or above `cwd`. The Personal folder is skipped: with the
 * default `~/.dosia`, every folder under the home directory would otherwise find it.
 */
export function findProjectRoot(cwd: string, home: string): string | null {
  const personal = realPath(home);
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    const candidate = join(folder, PROJECT_FOLDER);
    if (isDirectory(candidate) && realPath(candidate) !== personal) return candidate;
    if (dirname(folder) === folder) return null;
  }
}

export interface RootLocations {
  readonly home: string;
  readonly cwd: string;
  readonly enterpriseDir: string;
  readonly sessionId: string | null;
  readonly role: string | null;
}

function root(layer: LayerName, path: string | null, note: string): LayerRoot {
  return { layer, path, exists: path !== null && existsSync(path), readOnly: layer === 'enterprise', note };
}

/** The five roots, narrowest first. */
export function locateRoots(locations: RootLocations): LayerRoot[] {
  const project = findProjectRoot(locations.cwd, locations.home);
  return [
    locations.sessionId === null ? root('session', null, 'no session (pass --session <id>)') : root('session', join(locations.home, 'sessions', locations.sessionId), `session ${locations.sessionId}`),
    root('personal', resolve(locations.home), 'DOSIA_HOME'),
    project === null ? root('project', null, `no ${PROJECT_FOLDER}/ folder at or above ${locations.cwd}`) : root('project', project, `nearest ${PROJECT_FOLDER}/ above ${locations.cwd}`),
    locations.role === null ? root('role', null, 'no active role (dosia role use <name>)') : root('role', join(locations.home, 'roles', locations.role), `role ${locations.role}`),
    enterpriseRoot(locations.enterpriseDir),
  ];
}

/** Enterprise's root depends on nothing else, so the policy (which lives there) can be read before the other roots are known. */
export function enterpriseRoot(enterpriseDir: string): LayerRoot {
  return root('enterprise', resolve(enterpriseDir), 'read-only, managed by your organisation');
}

/** A layer name typed by a person (`--layer Project`), checked. */
export function parseLayerName(text: string): LayerName {
  const layer = text.toLowerCase();
  if (!(LAYERS_NARROWEST_FIRST as readonly string[]).includes(layer)) throw layersErrors.create('BSK_LAYERS_UNKNOWN_LAYER', { layer: text });
  return layer as LayerName;
}
