import type { Attachment } from '../bridge/bridge-contract';
import { attachmentKind, attachmentProblem, mediaTypeFromName } from '../core/agent/attachment-limits';

/** Browsers know no type for most code files; the extension then decides, then "unknown". */
export function mediaTypeOf(file: File): string {
  return file.type || mediaTypeFromName(file.name) || 'application/octet-stream';
}

/** Why this file cannot be attached (type, size), or null: checked before reading it. */
export function fileProblem(file: File): string | null {
  return attachmentProblem(file.name, mediaTypeOf(file), file.size);
}

/** Text files travel as text (the model reads them in a tagged block); images and PDFs as base64. */
export async function readAttachment(file: File): Promise<Attachment> {
  const mediaType = mediaTypeOf(file);
  if (attachmentKind(mediaType) === 'text') return { name: file.name, mediaType, data: await file.text(), encoding: 'text' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return { name: file.name, mediaType, data: btoa(binary), encoding: 'base64' };
}
