import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ByteSpikeApi, FetchedBytes } from '../shared/bytespike-api';
import { toolErrors } from '../shared/errors';

/** One entry of an OpenAI-shaped images answer (`data[]`). */
export interface ImageDatum {
  readonly url?: string;
  readonly b64_json?: string;
  /** ByteSpike's link to a base64 answer's image (GPT image models answer nothing else). */
  readonly bytespike_url?: string;
  readonly revised_prompt?: string;
}

/** The image's link at the gateway, absolute: its URL answer, or the link beside its base64. */
export function imageUrlOf(api: ByteSpikeApi, datum: ImageDatum): string | null {
  const link = datum.url ?? datum.bytespike_url;
  return link ? new URL(link, `${api.baseUrl}/`).href : null;
}

/** Images larger than this are given by URL only: MCP hosts choke on huge inline content. */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;
/** Images to edit are uploaded whole; the gateway's own body limit applies after that. */
const MAX_INPUT_IMAGE_BYTES = 25 * 1024 * 1024;

function sniffMimeType(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x52 && bytes[1] === 0x49) return 'image/webp';
  return 'image/png';
}

/** MCP content for one generated image: the picture itself (when small enough) and its URL. */
export async function imageContent(api: ByteSpikeApi, datum: ImageDatum, index: number, signal: AbortSignal): Promise<CallToolResult['content']> {
  const url = imageUrlOf(api, datum);
  const caption = [`Image ${index + 1}${url ? `: ${url}` : ' (no URL: returned inline only)'}`, datum.revised_prompt ? `revised prompt: ${datum.revised_prompt}` : ''].filter(Boolean).join('\n');
  let image: FetchedBytes | null = null;
  let note = '';
  if (datum.b64_json) {
    const bytes = Buffer.from(datum.b64_json, 'base64');
    if (bytes.byteLength <= MAX_INLINE_IMAGE_BYTES) image = { bytes, mimeType: sniffMimeType(bytes) };
    else note = ' (too large to show inline; open the URL)';
  } else if (url) {
    try {
      image = await api.getBytes(url, MAX_INLINE_IMAGE_BYTES, signal);
    } catch (error) {
      if (!toolErrors.is(error, 'BSK_TOOLS_RESPONSE_TOO_LARGE')) throw error;
      note = ' (too large to show inline; open the URL)';
    }
  }
  const picture = image ? [{ type: 'image' as const, data: Buffer.from(image.bytes).toString('base64'), mimeType: image.mimeType.startsWith('image/') ? image.mimeType : sniffMimeType(image.bytes) }] : [];
  return [...picture, { type: 'text', text: `${caption}${note}` }];
}

/** The bytes of an image to edit: a `data:` URL, or a URL / path on the caller's gateway. */
export async function readInputImage(api: ByteSpikeApi, source: string, signal: AbortSignal): Promise<FetchedBytes> {
  const dataUrl = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(source);
  if (dataUrl) {
    const bytes = dataUrl[2] ? Buffer.from(dataUrl[3]!, 'base64') : Buffer.from(decodeURIComponent(dataUrl[3]!));
    if (bytes.byteLength === 0) throw toolErrors.create('BSK_TOOLS_BAD_INPUT_IMAGE', { reason: 'the data URL holds no bytes' });
    return { bytes, mimeType: dataUrl[1] ?? sniffMimeType(bytes) };
  }
  try {
    return await api.getBytes(source, MAX_INPUT_IMAGE_BYTES, signal);
  } catch (error) {
    throw toolErrors.create('BSK_TOOLS_BAD_INPUT_IMAGE', { reason: (error as Error).message }, { cause: error });
  }
}
