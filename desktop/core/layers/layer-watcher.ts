import { statSync } from 'node:fs';
import { type LayerChange, type LayerName, type LayerRoot, LAYERS_NARROWEST_FIRST } from './layers';
import { TreeWatch } from './tree-watch';

export interface LayerWatcherOptions {
  /** The current roots; asked again on every poll, so a role switch or a new `.dosia/` is picked up. */
  readonly roots: () => readonly LayerRoot[];
  /** Events within this window are reported together, once. */
  readonly debounceMs: number;
  /** How often to look for roots that appeared, vanished or moved (fs.watch cannot see those). */
  readonly pollMs: number;
  readonly onChange: (change: LayerChange) => void;
  readonly onError: (error: unknown, path: string) => void;
}

const PERSONAL_IGNORED = new Set(['sessions', 'roles', 'plugins', 'node_modules']);
const OTHER_IGNORED = new Set(['node_modules']);

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/** Watches every existing layer folder and reports changes, debounced, as one `LayerChange`. */
export class LayerWatcher {
  private readonly trees = new Map<string, { layer: LayerName; tree: TreeWatch }>();
  private readonly pendingLayers = new Set<LayerName>();
  private readonly pendingPaths = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LayerWatcherOptions) {}

  start(): void {
    this.sync(false);
    this.pollTimer = setInterval(() => this.sync(true), this.options.pollMs);
    this.pollTimer.unref();
  }

  close(): void {
    clearInterval(this.pollTimer);
    clearTimeout(this.flushTimer);
    for (const { tree } of this.trees.values()) tree.close();
    this.trees.clear();
  }

  /** Matches the watched folders to the current roots; `report` says whether a difference is a change to announce. */
  sync(report: boolean): void {
    const wanted = new Map<string, LayerRoot & { path: string }>();
    for (const root of this.options.roots()) {
      if (root.path !== null && root.exists) wanted.set(`${root.layer}:${root.path}`, root as LayerRoot & { path: string });
    }
    for (const [key, { layer, tree }] of this.trees) {
      if (wanted.has(key) && inodeOf(tree.path) === tree.inode) continue;
      tree.close();
      this.trees.delete(key);
      if (report) this.queue(layer, tree.path);
    }
    for (const [key, root] of wanted) {
      const existing = this.trees.get(key);
      if (existing) {
        existing.tree.refreshChildren();
        continue;
      }
      const tree = this.openTree(root);
      if (!tree) continue;
      this.trees.set(key, { layer: root.layer, tree });
      if (report) this.queue(root.layer, root.path);
    }
  }

  private openTree(root: LayerRoot & { path: string }): TreeWatch | null {
    const ignored = root.layer === 'personal' ? PERSONAL_IGNORED : OTHER_IGNORED;
    try {
      return new TreeWatch(root.path, ignored, (path) => this.onFileChanged(root.layer, path), this.options.onError);
    } catch (error) {
      this.options.onError(error, root.path);
      return null;
    }
  }

  private onFileChanged(layer: LayerName, path: string): void {
    this.queue(layer, path);
    // The active role lives in Personal: switching it moves the Role root at once.
    if (layer === 'personal') this.sync(true);
  }

  private queue(layer: LayerName, path: string): void {
    this.pendingLayers.add(layer);
    this.pendingPaths.add(path);
    // Not reset by later events, so a steady stream of writes (a conversation being
    // appended) still produces a report every window instead of none.
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.debounceMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const change: LayerChange = { layers: LAYERS_NARROWEST_FIRST.filter((layer) => this.pendingLayers.has(layer)), paths: [...this.pendingPaths] };
    this.pendingLayers.clear();
    this.pendingPaths.clear();
    this.options.onChange(change);
  }
}
