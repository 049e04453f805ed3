import { rawEventData } from '../shared/raw-sse-splitter';
import { isJsonObject } from '../shared/wire-reader';

/** A `request_id` field and its string value; Anthropic writes the body's own after the `error` object, so it is the last. */
const REQUEST_ID_FIELD = /("request_id"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * `text` (an Anthropic error body, or the raw SSE event that carries one as `json`) naming
 * `requestId` at its top level: the upstream's `request_id` replaced, or one added last where
 * there was none. Only that value changes; every other byte goes on as it came. Null when
 * `json` is no Anthropic error, or names its request in a way this does not read.
 */
function nameRequest(text: string, json: string, requestId: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isJsonObject(body) || body.type !== 'error') return null;
  const own = JSON.stringify(requestId);
  if (body.request_id === undefined) {
    const end = text.lastIndexOf('}');
    return `${text.slice(0, end)},"request_id":${own}${text.slice(end)}`;
  }
  const field = typeof body.request_id === 'string' ? [...text.matchAll(REQUEST_ID_FIELD)].at(-1) : undefined;
  if (!field) return null;
  return text.slice(0, field.index) + field[1] + own + text.slice(field.index + field[0].length);
}

/**
 * A relayed Anthropic error body naming the gateway's request, as the `request-id` header does:
 * clients and support correlate by it, and the upstream's id means nothing to either.
 */
export function nameRequestInErrorBody(body: Buffer, requestId: string): Buffer {
  const text = body.toString('utf8');
  const named = nameRequest(text, text, requestId);
  return named === null ? body : Buffer.from(named);
}

/** The same for a relayed stream's `error` event; any other event goes back as it came. */
export function nameRequestInErrorEvent(rawEvent: string, requestId: string): string {
  // Anthropic's events open with their name: every other event costs one prefix test.
  if (!rawEvent.startsWith('event: error')) return rawEvent;
  const data = rawEventData(rawEvent);
  return (data === null ? null : nameRequest(rawEvent, data, requestId)) ?? rawEvent;
}
