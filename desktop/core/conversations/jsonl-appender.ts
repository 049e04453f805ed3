import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

export interface JsonlAppender {
  readonly path: string;
  /** Writes one line and fsyncs it before returning. */
  append(value: unknown): void;
  close(): void;
}

/** True when the file is non-empty and its last byte is not a newline (a line torn by a crash). */
function endsTorn(descriptor: number): boolean {
  const size = fstatSync(descriptor).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(descriptor, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Opens a JSONL file for appending (created if missing). Each line is written whole and
 * fsync'd, so a crash loses at most the line being written. A torn last line left by an
 * earlier crash is closed with a newline first: it stays its own (skipped) line instead of
 * corrupting the next one.
 */
export function openJsonlAppender(path: string): JsonlAppender {
  const descriptor = openSync(path, 'a+');
  if (endsTorn(descriptor)) {
    writeSync(descriptor, '\n');
    fsyncSync(descriptor);
  }
  let open = true;
  return {
    path,
    append(value) {
      if (!open) throw new Error(`conversation file ${path} is closed`);
      writeSync(descriptor, `${JSON.stringify(value)}\n`);
      fsyncSync(descriptor);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(descriptor);
    },
  };
}
