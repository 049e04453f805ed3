import type { IncomingMessage } from 'node:http';
import { readImageSize } from '../../kernel/canonical/image-size';
import { SimRequestError } from './sim-request-error';

export interface ReadBody {
  readonly parsed: unknown;
  /** The body as text when it is text (JSON), for passthrough checks; null otherwise. */
  readonly text: string | null;
}

async function collect(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** How much of an uploaded file is read for an image's pixel size (readImageSize reads at most 64 KB). */
const IMAGE_HEAD_BYTES = 64 * 1024;

/** An uploaded file as the handlers see it: its name, type and length, and an image's pixel size when its header says it. */
async function describeFile(file: File): Promise<Record<string, unknown>> {
  const head = Buffer.from(await file.slice(0, IMAGE_HEAD_BYTES).arrayBuffer());
  const pixels = readImageSize(head.toString('base64'));
  return { filename: file.name, type: file.type, size: file.size, ...(pixels ? { width: pixels.width, height: pixels.height } : {}) };
}

/** Multipart fields as an object (a repeated field, like `image[]`, as an array); uploaded files are described, not kept. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const values = await Promise.all(form.getAll(name).map((value) => (typeof value === 'string' ? value : describeFile(value))));
    fields[name] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

export async function readRequestBody(request: IncomingMessage): Promise<ReadBody> {
  const raw = await collect(request);
  if (raw.length === 0) return { parsed: null, text: null };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return { parsed: await parseMultipart(raw, contentType), text: null };
  const text = raw.toString('utf8');
  try {
    return { parsed: JSON.parse(text), text };
  } catch {
    return { parsed: text, text };
  }
}

/** The body as a JSON object, or the provider's 400 when it is not one. */
export function requireJsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SimRequestError(400, 'Request body must be a JSON object');
  return body as Record<string, unknown>;
}
