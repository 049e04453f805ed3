import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/** The official SDK clients, pointed at the gateway as a user points them: one base URL (OpenAI's SDK wants its `/v1`), one key, no retries. */
export function gatewayClients(gateway: Pick<GatewayHarness, 'url' | 'apiKey'>): { anthropic: Anthropic; openai: OpenAI } {
  return {
    anthropic: new Anthropic({ apiKey: gateway.apiKey, baseURL: gateway.url, maxRetries: 0 }),
    openai: new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
  };
}

export interface GatewayWithClients {
  readonly gateway: GatewayHarness;
  readonly anthropic: Anthropic;
  readonly openai: OpenAI;
}

/**
 * A gateway for the calling test file, started before its tests and closed after them, with the
 * SDK clients pointed at it. The fields are there once the file's tests run, not before.
 */
export function useGatewayWithClients(options: Parameters<typeof startGatewayHarness>[0] = {}): GatewayWithClients {
  const session = {} as { gateway: GatewayHarness; anthropic: Anthropic; openai: OpenAI };
  beforeAll(async () => {
    session.gateway = await startGatewayHarness(options);
    Object.assign(session, gatewayClients(session.gateway));
  });
  afterAll(async () => session.gateway?.close());
  return session;
}

/** What a call that must fail rejected with (the test fails if it succeeded). */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('the call succeeded'), (error: unknown) => error);
}
