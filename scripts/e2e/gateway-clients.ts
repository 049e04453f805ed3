import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayHarness } from './gateway-harness';

/** The official SDK clients, pointed at the gateway as a user points them: one base URL (OpenAI's SDK wants its `/v1`), one key, no retries. */
export function gatewayClients(gateway: Pick<GatewayHarness, 'url' | 'apiKey'>): { anthropic: Anthropic; openai: OpenAI } {
  return {
    anthropic: new Anthropic({ apiKey: gateway.apiKey, baseURL: gateway.url, maxRetries: 0 }),
    openai: new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
  };
}
