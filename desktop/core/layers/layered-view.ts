import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../kernel/logger';
import { TEMP_FILE_PREFIX } from './atomic-write';
import { policyDenial } from './enterprise-policy';
import { ACTIVE_ROLE_FILE, type LayerFiles, type LayerSettings } from './layer-files';
import { assertSafeName, enterpriseRoot, isSafeName, locateRoots } from './layer-roots';
import { LayerWatcher } from './layer-watcher';
import { LAYERS_BROADEST_FIRST, LAYERS_NARROWEST_FIRST, type ActiveRole, type EnterprisePolicy, type Instructions, type LayerChange, type LayerEntry, type LayerName, type LayerProblem, type LayerRoot, type Layers, type PermissionDecision, type PermissionList, type PolicyKind, type ResolvedPath, type SettingValue, type WriteResult } from './layers';
import { lookupSetting } from './lookup-setting';
import { mergeSettings } from './merge-settings';
import { decidePermission } from './decide-permission';
import { safeRelativePath } from './safe-relative-path';
import { SettingsWriter } from './settings-writer';

/** What every view of one set of layers shares: where the layers are, the file caches, the open watchers. */
export interface LayersShared {
  readonly home: string;
  readonly cwd: string;
  readonly enterpriseDir: string;
  readonly files: LayerFiles;
  readonly debounceMs: number;
  readonly pollMs: number;
  readonly logger: Logger | undefined;
  readonly watchers: Set<LayerWatcher>;
}

/** The five layers as seen from one session (or from none). Everything is read fresh from disk (through the caches). */
export class LayeredView implements Layers {
  private readonly listeners = new Set<(change: LayerChange) => void>();
  private watcher: LayerWatcher | undefined;
  private readonly writer: SettingsWriter;

  constructor(private readonly shared: LayersShared, readonly sessionId: string | null) {
    if (sessionId !== null) assertSafeName('session id', sessionId);
    this.writer = new SettingsWriter(this, shared.files, shared.home);
  }

  withSession(sessionId: string | null): Layers {
    return sessionId === this.sessionId ? this : new LayeredView(this.shared, sessionId);
  }

  roots(): readonly LayerRoot[] {
    const { home, cwd, enterpriseDir } = this.shared;
    return locateRoots({ home, cwd, enterpriseDir, sessionId: this.sessionId, role: this.activeRole().name });
  }

  root(layer: LayerName): LayerRoot {
    return this.roots().find((root) => root.layer === layer)!;
  }

  resolve(relativePath: string): ResolvedPath | null {
    const relative = safeRelativePath(relativePath);
    const found = this.roots().flatMap((root) => (root.path !== null && pathExists(join(root.path, relative)) ? [{ layer: root.layer, path: join(root.path, relative) }] : []));
    const [winner, ...shadowed] = found;
    return winner ? { relativePath: relative, path: winner.path, layer: winner.layer, shadows: shadowed.map((entry) => entry.layer) } : null;
  }

  list(folder: string): readonly LayerEntry[] {
    const relative = safeRelativePath(folder);
    const byName = new Map<string, { entry: Omit<LayerEntry, 'shadows'>; shadows: LayerName[] }>();
    for (const root of this.roots()) {
      if (root.path === null) continue;
      for (const entry of readEntries(root.layer, join(root.path, relative))) {
        const existing = byName.get(entry.name);
        if (existing) existing.shadows.push(root.layer);
        else byName.set(entry.name, { entry, shadows: [] });
      }
    }
    return [...byName.values()].map(({ entry, shadows }) => ({ ...entry, shadows })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Each layer's settings.json, narrowest first (layers without a root left out). */
  layered(): LayerSettings[] {
    return this.roots().flatMap((root) => this.shared.files.settings(root) ?? []);
  }

  settings(): Record<string, unknown> {
    return effectiveSettings(this.layered(), this.policy());
  }

  layerSettings(layer: LayerName): Record<string, unknown> {
    return structuredClone(this.shared.files.settings(this.root(layer))?.settings ?? {});
  }

  get(key: string): SettingValue {
    const layered = this.layered();
    const policy = this.policy();
    return lookupSetting(key, layered, effectiveSettings(layered, policy), policy);
  }

  set(key: string, value: unknown, layer: LayerName): WriteResult {
    return this.writer.set(key, value, layer);
  }

  unset(key: string, layer: LayerName): WriteResult {
    return this.writer.unset(key, layer);
  }

  addPermissionRule(list: PermissionList, rule: string, layer: LayerName): WriteResult {
    return this.writer.addRule(list, rule, layer);
  }

  permission(action: string): PermissionDecision {
    return decidePermission(action, this.settings(), this.layered());
  }

  policy(): EnterprisePolicy {
    return this.shared.files.policy(this.enterpriseRoot()).policy;
  }

  isDenied(kind: PolicyKind, name: string): boolean {
    return this.denial(kind, name) !== null;
  }

  denial(kind: PolicyKind, name: string): string | null {
    return policyDenial(this.policy(), kind, name);
  }

  activeRole(): ActiveRole {
    const locked = this.policy().locked.role;
    if (typeof locked === 'string' && isSafeName(locked)) return { name: locked, source: 'policy' };
    const chosen = this.shared.files.activeRole(this.shared.home).name;
    return chosen !== null && isSafeName(chosen) ? { name: chosen, source: 'personal' } : { name: null, source: 'none' };
  }

  useRole(name: string): WriteResult {
    return this.writer.useRole(name);
  }

  instructions(): Instructions {
    const byLayer = new Map(this.roots().map((root) => [root.layer, root]));
    const parts = LAYERS_BROADEST_FIRST.flatMap((layer) => this.shared.files.instruction(byLayer.get(layer)!).part ?? []);
    const text = parts.map((part) => `<!-- layer: ${part.layer} (${part.path}) -->\n${part.content.trimEnd()}\n`).join('\n');
    return { text, parts };
  }

  problems(): readonly LayerProblem[] {
    const { files, home } = this.shared;
    const roots = this.roots();
    const problems = roots.flatMap((root) => [files.settings(root)?.problem, files.instruction(root).problem].filter((problem): problem is LayerProblem => Boolean(problem)));
    problems.push(...files.policy(this.enterpriseRoot()).problems);
    const role = files.activeRole(home);
    if (role.problem) problems.push(role.problem);
    else if (role.name !== null && !isSafeName(role.name)) problems.push({ layer: 'personal', path: join(home, ACTIVE_ROLE_FILE), reason: `"${role.name}" is not a valid role name` });
    return problems.sort((a, b) => LAYERS_NARROWEST_FIRST.indexOf(a.layer) - LAYERS_NARROWEST_FIRST.indexOf(b.layer));
  }

  writablePath(layer: LayerName, relativePath: string): string {
    return this.writer.writablePath(layer, relativePath);
  }

  writeFile(layer: LayerName, relativePath: string, contents: string): WriteResult {
    return this.writer.writeFile(layer, relativePath, contents);
  }

  onChange(listener: (change: LayerChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.watcher) this.startWatching();
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stopWatching();
    };
  }

  private enterpriseRoot(): LayerRoot {
    return enterpriseRoot(this.shared.enterpriseDir);
  }

  private startWatching(): void {
    const { debounceMs, pollMs, logger } = this.shared;
    this.watcher = new LayerWatcher({
      roots: () => this.roots(),
      debounceMs,
      pollMs,
      onChange: (change) => {
        for (const listener of [...this.listeners]) listener(change);
      },
      onError: (error, path) => logger?.warn({ err: error, path }, 'cannot watch layer folder'),
    });
    this.watcher.start();
    this.shared.watchers.add(this.watcher);
  }

  private stopWatching(): void {
    this.watcher?.close();
    if (this.watcher) this.shared.watchers.delete(this.watcher);
    this.watcher = undefined;
  }
}

function effectiveSettings(narrowestFirst: readonly LayerSettings[], policy: EnterprisePolicy): Record<string, unknown> {
  return mergeSettings([...narrowestFirst].reverse().map((layer) => layer.settings), policy.locked);
}

function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function readEntries(layer: LayerName, folder: string): Omit<LayerEntry, 'shadows'>[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.name.startsWith(TEMP_FILE_PREFIX))
    .map((entry) => {
      const path = join(folder, entry.name);
      const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && pathExists(path) && statSync(path).isDirectory());
      return { name: entry.name, path, layer, type: isFolder ? ('directory' as const) : ('file' as const) };
    });
}
