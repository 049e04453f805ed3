import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { layersErrors } from './errors';
import { ACTIVE_ROLE_FILE, type LayerFiles } from './layer-files';
import { assertSafeName } from './layer-roots';
import type { EnterprisePolicy, LayerName, LayerRoot, PermissionList, WriteResult } from './layers';
import { lockTouching } from './lookup-setting';
import { safeRelativePath } from './safe-relative-path';
import { deletePath, getPath, type JsonObject, setPath, splitKey } from './setting-paths';

interface WriterView {
  root(layer: LayerName): LayerRoot;
  policy(): EnterprisePolicy;
}

function refuse(target: string, layer: LayerName, reason: string) {
  return layersErrors.create('BSK_LAYERS_WRITE_REFUSED', { target, layer, reason });
}

/** Every write names its layer; Enterprise, locked keys and layers without a root are refused with the reason. */
export class SettingsWriter {
  constructor(
    private readonly view: WriterView,
    private readonly files: LayerFiles,
    private readonly home: string,
  ) {}

  set(key: string, value: unknown, layer: LayerName): WriteResult {
    splitKey(key);
    if (value === undefined || JSON.stringify(value) === undefined) throw refuse(key, layer, 'the value cannot be stored as JSON');
    return this.update(key, layer, (settings) => {
      setPath(settings, key, structuredClone(value));
      return true;
    });
  }

  unset(key: string, layer: LayerName): WriteResult {
    splitKey(key);
    return this.update(key, layer, (settings) => deletePath(settings, key));
  }

  addRule(list: PermissionList, rule: string, layer: LayerName): WriteResult {
    const key = `permissions.${list}`;
    return this.update(key, layer, (settings) => {
      const rules = getPath(settings, key);
      const current = Array.isArray(rules) ? rules : [];
      if (current.includes(rule)) return false;
      setPath(settings, key, [...current, rule]);
      return true;
    });
  }

  useRole(name: string): WriteResult {
    assertSafeName('role', name);
    const policy = this.view.policy();
    const locked = policy.locked.role;
    if (locked !== undefined && locked !== name) throw refuse('role', 'personal', `the role is locked to ${JSON.stringify(locked)} by Enterprise policy (${policy.file})`);
    const path = join(this.home, ACTIVE_ROLE_FILE);
    writeFileAtomic(path, `${name}\n`);
    return { layer: 'personal', path };
  }

  writablePath(layer: LayerName, relativePath: string): string {
    const path = join(this.writableRoot(layer, relativePath), safeRelativePath(relativePath));
    mkdirSync(dirname(path), { recursive: true });
    return path;
  }

  writeFile(layer: LayerName, relativePath: string, contents: string): WriteResult {
    const path = this.writablePath(layer, relativePath);
    writeFileAtomic(path, contents);
    return { layer, path };
  }

  private writableRoot(layer: LayerName, target: string): string {
    if (layer === 'enterprise') throw refuse(target, layer, 'the Enterprise layer is read-only (managed by your organisation)');
    const root = this.view.root(layer);
    if (root.path === null) throw refuse(target, layer, root.note);
    return root.path;
  }

  /** Applies `change` to the layer's settings.json; a file that cannot be parsed is never overwritten. */
  private update(key: string, layer: LayerName, change: (settings: JsonObject) => boolean): WriteResult {
    this.writableRoot(layer, key);
    const policy = this.view.policy();
    const lock = lockTouching(policy, key);
    if (lock !== undefined) throw refuse(key, layer, `"${lock}" is locked by Enterprise policy (${policy.file})`);
    const current = this.files.settings(this.view.root(layer))!;
    if (current.problem) throw refuse(key, layer, `${current.file} cannot be used (${current.problem.reason}); fix or remove it first`);
    const next = structuredClone(current.settings);
    if (change(next)) writeFileAtomic(current.file, `${JSON.stringify(next, null, 2)}\n`);
    return { layer, path: current.file };
  }
}
