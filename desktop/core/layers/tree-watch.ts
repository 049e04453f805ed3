import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { TEMP_FILE_PREFIX } from './atomic-write';

/**
 * Watches one layer folder: the folder itself (not recursively) plus each of its
 * subfolders recursively, except the ignored ones. Personal holds other layers
 * (`sessions/`, `roles/`) and the kernel's installed plugins, which must not be walked
 * and watched as part of Personal.
 */
export class TreeWatch {
  readonly inode: number;
  private readonly rootWatcher: FSWatcher;
  private readonly children = new Map<string, FSWatcher>();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly ignored: ReadonlySet<string>,
    private readonly report: (path: string) => void,
    private readonly onError: (error: unknown, path: string) => void,
  ) {
    this.inode = statSync(path).ino;
    this.rootWatcher = this.open(path, false, (filename) => {
      if (this.ignored.has(filename)) return;
      this.report(join(path, filename));
      this.refreshChildren();
    });
    this.refreshChildren();
  }

  /** Starts watching subfolders that appeared and stops for those that went away. */
  refreshChildren(): void {
    if (this.closed) return;
    const current = new Set(this.subfolders());
    for (const [name, watcher] of this.children) {
      if (current.has(name)) continue;
      watcher.close();
      this.children.delete(name);
    }
    for (const name of current) {
      if (this.children.has(name)) continue;
      const folder = join(this.path, name);
      const watcher = this.tryOpen(folder, true, (filename) => this.report(join(folder, filename)));
      if (watcher) this.children.set(name, watcher);
    }
  }

  close(): void {
    this.closed = true;
    this.rootWatcher.close();
    for (const watcher of this.children.values()) watcher.close();
    this.children.clear();
  }

  private subfolders(): string[] {
    try {
      return readdirSync(this.path, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !this.ignored.has(entry.name) && !entry.name.startsWith(TEMP_FILE_PREFIX))
        .map((entry) => entry.name);
    } catch {
      return [];
    }
  }

  private tryOpen(folder: string, recursive: boolean, onFile: (filename: string) => void): FSWatcher | null {
    try {
      return this.open(folder, recursive, onFile);
    } catch (error) {
      this.onError(error, folder);
      return null;
    }
  }

  private open(folder: string, recursive: boolean, onFile: (filename: string) => void): FSWatcher {
    const watcher = watch(folder, { recursive, persistent: false }, (_event, filename) => {
      // Temp files of atomic writes come and go within one write; the rename that follows is reported.
      if (filename && !basename(filename).startsWith(TEMP_FILE_PREFIX)) onFile(filename);
    });
    watcher.on('error', (error) => {
      watcher.close();
      this.onError(error, folder);
    });
    return watcher;
  }
}
