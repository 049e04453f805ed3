import { readSseEvents, type SseEvent } from '../../kernel/sse';

/** Helpers the simulator's own tests share. */

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function readEvents(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(response.body as unknown as AsyncIterable<Uint8Array>)) events.push(event);
  return events;
}

/** The JSON payloads of an SSE stream, `[DONE]` excluded. */
export async function readPayloads(response: Response): Promise<Record<string, unknown>[]> {
  return (await readEvents(response)).filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

export const ANTHROPIC_HEADERS = { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' };
export const BEARER_HEADERS = { authorization: 'Bearer test-key' };
export const GOOGLE_HEADERS = { 'x-goog-api-key': 'test-key' };
