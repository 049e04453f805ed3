import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolder } from './create-folder';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'bsk-create-folder-'));
  writeFileSync(join(folder, 'a-file'), '');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('createFolder', () => {
  it('creates every missing level under a folder it may write, and accepts one that is there', () => {
    const data = join(folder, 'one', 'two', 'data');
    createFolder(data);
    expect(statSync(data).isDirectory()).toBe(true);
    expect(() => createFolder(data)).not.toThrow();
  });

  it('names a file standing where a parent folder should be', () => {
    expect(() => createFolder(join(folder, 'a-file', 'data', 'more'))).toThrow(`${join(folder, 'a-file')} is a file, not a folder`);
  });

  // /proc answers mkdir with ENOENT under a folder that exists; Node's recursive mkdir retries that forever.
  it.skipIf(process.platform !== 'linux')('refuses at once under /proc and /sys, naming the level it cannot create', () => {
    expect(() => createFolder('/proc/bytespike-test/data')).toThrow(/^cannot create \/proc\/bytespike-test: ENOENT/);
    expect(() => createFolder('/sys/bytespike-test')).toThrow(/^cannot create \/sys\/bytespike-test: E(PERM|ACCES|ROFS)/);
  });

  // Root writes into a 555 folder (access(2) says W_OK, mkdir succeeds), so only another user can see this refusal.
  it.skipIf(process.getuid?.() === 0)('names the nearest folder this user cannot write', () => {
    const locked = join(folder, 'locked');
    createFolder(locked);
    chmodSync(locked, 0o555);
    try {
      expect(() => createFolder(join(locked, 'data'))).toThrow(new RegExp(`^${locked} is not writable: EACCES`));
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});
