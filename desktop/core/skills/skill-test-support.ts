import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeTar } from './tar-format';

/** Writes a skill folder under a fresh temp folder (for tests); returns the skill folder. */
export function writeSkillFolder(name: string, files: Record<string, string>, parent = mkdtempSync(join(tmpdir(), 'dosia-skill-'))): string {
  const folder = join(parent, name);
  mkdirSync(folder, { recursive: true });
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), contents);
  }
  return folder;
}

/** A SKILL.md from front matter lines and a body. */
export function skillMarkdown(frontMatter: string, body = 'Do the thing.\n'): string {
  return `---\n${frontMatter.trim()}\n---\n${body}`;
}

/**
 * An archive an attacker could craft: any paths, and optionally one entry turned into a
 * symbolic link (type 2), which our own writer never produces.
 */
export function craftArchive(entries: Record<string, string>, symlinkPath?: string): Buffer {
  const tar = writeTar(Object.entries(entries).map(([path, contents]) => ({ path, contents: Buffer.from(contents), executable: false })));
  if (symlinkPath !== undefined) {
    for (let offset = 0; offset < tar.length; offset += 512) {
      if (tar.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '') !== symlinkPath) continue;
      tar.write('2', offset + 156);
      tar.fill(' ', offset + 148, offset + 156);
      let sum = 0;
      for (let index = 0; index < 512; index++) sum += tar[offset + index]!;
      tar.write(`${sum.toString(8).padStart(6, '0')}\0`, offset + 148);
    }
  }
  return gzipSync(tar);
}
