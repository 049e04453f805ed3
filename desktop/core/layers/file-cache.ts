import { readFileSync, statSync } from 'node:fs';

export type FileRead<T> = { readonly status: 'missing' } | { readonly status: 'ok'; readonly value: T } | { readonly status: 'unreadable'; readonly reason: string };

const MISSING = { status: 'missing' } as const;

/**
 * Reads and parses small layer files lazily: a file is parsed again only when its inode,
 * size or times change (an atomic rename gives a new inode), so a change on disk shows up
 * on the next read even if no watcher reported it.
 */
export class FileCache<T> {
  private readonly entries = new Map<string, { signature: string; result: FileRead<T> }>();

  constructor(private readonly parse: (text: string) => T) {}

  read(path: string): FileRead<T> {
    let signature: string;
    try {
      const stats = statSync(path);
      if (stats.isDirectory()) return { status: 'unreadable', reason: 'is a folder, not a file' };
      signature = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
    } catch (error) {
      this.entries.delete(path);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return MISSING;
      return { status: 'unreadable', reason: (error as Error).message };
    }
    const cached = this.entries.get(path);
    if (cached?.signature === signature) return cached.result;
    const result = this.load(path);
    this.entries.set(path, { signature, result });
    return result;
  }

  private load(path: string): FileRead<T> {
    try {
      return { status: 'ok', value: this.parse(readFileSync(path, 'utf8')) };
    } catch (error) {
      return { status: 'unreadable', reason: (error as Error).message };
    }
  }
}
