import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AttachmentRef } from './conversation-event';

export const ATTACHMENTS_FOLDER = 'attachments';

/** `attachments/<hash><ext>`: a name no file name can steer (no `..`, no separators), the extension kept for people browsing the folder. */
const STORED_FILE = /^attachments\/[0-9a-f]{64}(\.[a-z0-9]{1,10})?$/;

function storedExtension(name: string): string {
  const extension = extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,10}$/.test(extension) ? extension : '';
}

/**
 * Writes a file into `<session folder>/attachments/`, named by its SHA-256 (the same file
 * attached twice is stored once). Written to a temp name and renamed, so the `user` line
 * that refers to it never points at half a file.
 */
export function saveAttachmentFile(sessionFolder: string, name: string, mediaType: string, bytes: Uint8Array): AttachmentRef {
  const file = `${ATTACHMENTS_FOLDER}/${createHash('sha256').update(bytes).digest('hex')}${storedExtension(name)}`;
  const path = join(sessionFolder, file);
  if (!existsSync(path)) {
    mkdirSync(join(sessionFolder, ATTACHMENTS_FOLDER), { recursive: true });
    writeFileSync(`${path}.partial`, bytes);
    renameSync(`${path}.partial`, path);
  }
  return { name, mediaType, file, bytes: bytes.length };
}

/** A stored file's bytes; throws a plain Error saying why when the ref is not a stored name or the file is gone. */
export function readAttachmentFile(sessionFolder: string, ref: AttachmentRef): Buffer {
  if (!STORED_FILE.test(ref.file)) throw new Error('not a file DOSIA stored');
  return readFileSync(join(sessionFolder, ref.file));
}

/** A fork refers to the same files, so it gets its own copy of them (sessions are deleted folder by folder). */
export function copyAttachmentFiles(fromFolder: string, toFolder: string): void {
  const source = join(fromFolder, ATTACHMENTS_FOLDER);
  if (existsSync(source)) cpSync(source, join(toFolder, ATTACHMENTS_FOLDER), { recursive: true });
}
