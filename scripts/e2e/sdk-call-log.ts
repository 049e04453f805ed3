import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { expect } from 'vitest';
import type { GatewayHarness } from './gateway-harness';

/** One HTTP answer an SDK got from the gateway: what its headers said, and its body when it was an error. */
export interface LoggedCall {
  readonly url: string;
  readonly status: number;
  readonly requestId: string;
  readonly estimatedCredits: number;
  readonly errorBody?: unknown;
}

/**
 * A `fetch` for an SDK client's options that records every answer, so a test of a helper that
 * makes several calls (a tool runner, a retry) can account for each of them in the ledger.
 */
export function loggingFetch(): { fetch: typeof fetch; calls: LoggedCall[] } {
  const calls: LoggedCall[] = [];
  const logged: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const call = { url: String(input), status: response.status, requestId: response.headers.get('request-id') ?? '', estimatedCredits: Number(response.headers.get('estimated_credits')) };
    calls.push(response.ok ? call : { ...call, errorBody: await response.clone().json().catch(() => undefined) });
    return response;
  };
  return { fetch: logged, calls };
}

/** `GET /v1/generation?id=`: the settled request as the gateway recorded it. */
export async function generationOf(gateway: GatewayHarness, requestId: string): Promise<{ status: string; total_credits: number; usage: { input_tokens: number; output_tokens: number } }> {
  const response = await fetch(`${gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
  expect(response.status, requestId).toBe(200);
  return ((await response.json()) as { data: { status: string; total_credits: number; usage: { input_tokens: number; output_tokens: number } } }).data;
}

/** Both SDKs pointed at the gateway as `gatewayClients` points them, recording every answer in `calls`. */
export function loggedClients(gateway: Pick<GatewayHarness, 'url' | 'apiKey'>, options: { maxRetries?: number } = {}): { anthropic: Anthropic; openai: OpenAI; calls: LoggedCall[] } {
  const { fetch, calls } = loggingFetch();
  const maxRetries = options.maxRetries ?? 0;
  return {
    anthropic: new Anthropic({ apiKey: gateway.apiKey, baseURL: gateway.url, maxRetries, fetch }),
    openai: new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries, fetch }),
    calls,
  };
}
