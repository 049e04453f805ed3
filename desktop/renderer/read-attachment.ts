import type { Attachment } from '../bridge/bridge-contract';

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|typescript|x-yaml|toml))/;
const TEXT_EXTENSIONS = /\.(md|txt|ts|tsx|js|jsx|json|py|go|rs|java|c|h|cpp|cs|rb|sh|yaml|yml|toml|sql|css|html|csv)$/i;

/** Text files travel as text (the model reads them as documents); everything else as base64. */
export async function readAttachment(file: File): Promise<Attachment> {
  const mediaType = file.type || 'application/octet-stream';
  if (TEXT_TYPES.test(mediaType) || TEXT_EXTENSIONS.test(file.name)) return { name: file.name, mediaType: mediaType === 'application/octet-stream' ? 'text/plain' : mediaType, data: await file.text(), encoding: 'text' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return { name: file.name, mediaType, data: btoa(binary), encoding: 'base64' };
}
