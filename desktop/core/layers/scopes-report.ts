import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUCTIONS_FILE, SETTINGS_FILE } from './layer-files';
import type { ActiveRole, EnterprisePolicy, LayerName, LayerProblem, LayerRoot, Layers } from './layers';
import { leafKeys } from './setting-paths';

/** The folders `dosia scopes` lists per layer. */
export const SCOPE_FOLDERS = ['skills', 'mcp'] as const;

export interface ScopeSettingKey {
  readonly key: string;
  /** effective: this layer's value wins; shadowed: a narrower layer's wins; merged: combined with other layers; locked: policy wins. */
  readonly status: 'effective' | 'shadowed' | 'merged' | 'locked';
  readonly shadowedBy: LayerName | null;
  readonly shadows: readonly LayerName[];
}

export interface ScopeItem {
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly shadowedBy: LayerName | null;
  readonly shadows: readonly LayerName[];
}

export interface ScopeReport extends LayerRoot {
  readonly settingsFile: string | null;
  readonly settings: readonly ScopeSettingKey[];
  readonly instructions: string | null;
  readonly folders: Readonly<Record<(typeof SCOPE_FOLDERS)[number], readonly ScopeItem[]>>;
}

export interface ScopesReport {
  readonly session: string | null;
  readonly role: ActiveRole;
  readonly layers: readonly ScopeReport[];
  readonly policy: EnterprisePolicy;
  readonly problems: readonly LayerProblem[];
}

function describeKey(layers: Layers, layer: LayerName, key: string): ScopeSettingKey {
  const setting = layers.get(key);
  if (setting.locked) return { key, status: 'locked', shadowedBy: 'enterprise', shadows: [] };
  if (setting.merged) return { key, status: 'merged', shadowedBy: null, shadows: [] };
  if (setting.layer === layer) return { key, status: 'effective', shadowedBy: null, shadows: setting.shadows };
  return { key, status: 'shadowed', shadowedBy: setting.layer, shadows: [] };
}

function folderItems(layers: Layers, layer: LayerName, folder: string): ScopeItem[] {
  return layers
    .list(folder)
    .filter((entry) => entry.layer === layer || entry.shadows.includes(layer))
    .map((entry) => (entry.layer === layer ? { name: entry.name, type: entry.type, shadowedBy: null, shadows: entry.shadows } : { name: entry.name, type: entry.type, shadowedBy: entry.layer, shadows: [] }));
}

function describeLayer(layers: Layers, root: LayerRoot): ScopeReport {
  const folders = { skills: folderItems(layers, root.layer, 'skills'), mcp: folderItems(layers, root.layer, 'mcp') };
  if (root.path === null) return { ...root, settingsFile: null, settings: [], instructions: null, folders };
  const settingsFile = join(root.path, SETTINGS_FILE);
  const instructions = join(root.path, INSTRUCTIONS_FILE);
  return {
    ...root,
    settingsFile: existsSync(settingsFile) ? settingsFile : null,
    settings: leafKeys(layers.layerSettings(root.layer)).map((key) => describeKey(layers, root.layer, key)),
    instructions: existsSync(instructions) ? instructions : null,
    folders,
  };
}

/** Everything `dosia scopes` shows: the five roots, what each holds, and what shadows what. */
export function describeScopes(layers: Layers): ScopesReport {
  return {
    session: layers.sessionId,
    role: layers.activeRole(),
    layers: layers.roots().map((root) => describeLayer(layers, root)),
    policy: layers.policy(),
    problems: layers.problems(),
  };
}
