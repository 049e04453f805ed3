import type { MediaSource } from '../../../kernel/canonical/request';
import type { WireReader } from './wire-reader';

/** `data:image/png;base64,AAAA` → a base64 source; anything else is a URL the provider fetches. */
export function readMediaUrl(reader: WireReader, url: string, param: string): MediaSource {
  if (!url.startsWith('data:')) return { kind: 'url', url };
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (!match) return reader.fail(param, 'a data: URL must be base64, like data:image/png;base64,…');
  return { kind: 'base64', mediaType: match[1]!, data: match[3]! };
}

/** OpenAI's inline `file_data`: a data: URL, or bare base64 taken as a PDF (the one file type every provider reads). */
export function readFileData(reader: WireReader, data: string, param: string): MediaSource {
  return data.startsWith('data:') ? readMediaUrl(reader, data, param) : { kind: 'base64', mediaType: 'application/pdf', data };
}
