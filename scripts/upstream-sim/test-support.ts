import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { readSseEvents, type SseEvent } from '../../kernel/sse';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';

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

/** A simulator and the official OpenAI SDK on it, for one test file; set before its first test. */
export interface OpenAiSimulatorContext {
  simulator: UpstreamSimulator;
  client: OpenAI;
}

/**
 * Starts a simulator (key `test-key`) before the calling file's tests and closes it after them.
 * The client never retries, so every fault reaches the test as the simulator sent it.
 */
export function useOpenAiSimulator(): OpenAiSimulatorContext {
  const context = {} as OpenAiSimulatorContext;
  beforeAll(async () => {
    context.simulator = await startUpstreamSimulator({ apiKey: 'test-key' });
    context.client = new OpenAI({ apiKey: 'test-key', baseURL: context.simulator.baseUrls.openai, maxRetries: 0 });
  });
  afterAll(() => context.simulator.close());
  return context;
}
