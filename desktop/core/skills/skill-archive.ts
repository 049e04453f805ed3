import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { skillErrors } from './errors';
import type { SkillSource } from './skill-source';
import { readTar, type TarRecord, writeTar } from './tar-format';

/** Unpacked archives larger than this are refused (a gzip bomb would otherwise fill the disk). */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Byte 9 of a gzip header names the OS that wrote it; 255 ("unknown") keeps archives identical everywhere. */
const GZIP_OS_BYTE = 9;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A reproducible `.tar.gz` of the skill: same files, same bytes, same sha256. */
export function createSkillArchive(source: SkillSource): Buffer {
  const entries = [...source.files].map(([path, contents]) => ({ path, contents, executable: path.startsWith('scripts/') }));
  const gzipped = gzipSync(writeTar(entries), { level: 9 });
  gzipped[GZIP_OS_BYTE] = 0xff;
  return gzipped;
}

/** Why a path from an archive may not be written, or null when it is a plain relative path. */
export function unsafePathReason(path: string): string | null {
  if (!path || path.includes('\0')) return 'an empty or NUL-containing path';
  if (path.includes('\\')) return 'a backslash in the path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  if (path.split('/').some((segment) => segment === '..')) return 'a path climbing out of the skill folder';
  return null;
}

function acceptRecord(record: TarRecord, files: Map<string, Buffer>): void {
  const path = record.path.replace(/^\.\//, '').replace(/\/$/, '');
  const unsafe = unsafePathReason(path);
  if (unsafe) throw skillErrors.create('BSK_SKILL_ARCHIVE_REFUSED', { reason: `"${record.path}" is ${unsafe}` });
  if (record.type === '5') return;
  if (record.type !== '0') throw skillErrors.create('BSK_SKILL_ARCHIVE_REFUSED', { reason: `"${record.path}" is not a regular file (type ${record.type}); links and devices are refused` });
  if (files.has(path)) throw skillErrors.create('BSK_SKILL_ARCHIVE_REFUSED', { reason: `"${path}" appears twice` });
  files.set(path, record.contents);
}

/** Unpacks an archive into memory, refusing traversal, links, duplicates and oversized contents. */
export function readSkillArchive(archive: Buffer, folderName: string, origin: string): SkillSource {
  let records: TarRecord[];
  try {
    records = readTar(gunzipSync(archive, { maxOutputLength: MAX_UNPACKED_BYTES }));
  } catch (error) {
    throw skillErrors.create('BSK_SKILL_ARCHIVE_REFUSED', { reason: (error as Error).message }, { cause: error });
  }
  const files = new Map<string, Buffer>();
  for (const record of records) acceptRecord(record, files);
  return { folderName, origin, files };
}
