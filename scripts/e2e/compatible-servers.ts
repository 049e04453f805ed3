import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { type GatewayWithClients, useGatewayWithClients } from './gateway-clients';

/**
 * A gateway with an `openai-compatible` instance in front of each server the simulator plays
 * (scripts/upstream-sim/openai-compatible-flavours.ts names where each behaviour comes from), one
 * model each, and what the e2e files of these servers read back: the bill, streams' usage.
 */
export const PRICING = { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 };
const models = [{ id: 'qwen3:8b', capabilities: ['tools', 'reasoning', 'streaming'], pricing: PRICING }];

export function useCompatibleServers(): GatewayWithClients {
  return useGatewayWithClients({
    config: (baseUrls) => ({
      plugins: {
        'openai-compatible': {
          instances: [
            // Local servers take any key (Ollama's docs use "ollama"); the simulator wants one.
            { name: 'ollama', baseUrl: baseUrls.ollama, apiKey: 'ollama', models },
            { name: 'old-ollama', baseUrl: baseUrls.ollamaLegacy, apiKey: 'ollama', models },
            { name: 'vllm', baseUrl: baseUrls.vllm, apiKey: 'vllm', models },
            { name: 'openrouter', baseUrl: baseUrls.openrouter, apiKey: 'sk-or-sim', models },
            { name: 'groq', baseUrl: baseUrls.groq, apiKey: 'gsk-sim', models },
            { name: 'bare', baseUrl: baseUrls.bare, apiKey: 'bare', models },
          ],
        },
      },
    }),
  });
}

export const WEATHER: Anthropic.Tool = { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
export const TIME: Anthropic.Tool = { name: 'get_time', description: 'Time in a city', input_schema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } };

export interface Generation {
  readonly total_credits: number;
  readonly usage: { readonly input_tokens: number; readonly output_tokens: number };
}

/** What the gateway settled for a request, as `GET /v1/generation` reports it. */
export async function generationOf(e2e: GatewayWithClients, requestId: string): Promise<Generation> {
  const response = await fetch(`${e2e.gateway.url}/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
  return ((await response.json()) as { data: Generation }).data;
}

/** A Messages stream through the Anthropic SDK, its final message, and what the wallet moved by. */
export async function streamMessages(e2e: GatewayWithClients, params: Anthropic.MessageCreateParamsNonStreaming): Promise<{ message: Anthropic.Message; charged: number; settled: number; requestId: string }> {
  const before = await e2e.gateway.balance();
  const stream = e2e.anthropic.messages.stream(params);
  const message = await stream.finalMessage();
  const { response } = await stream.withResponse();
  const requestId = response.headers.get('request-id')!;
  return { message, charged: before - (await e2e.gateway.balance()), settled: (await generationOf(e2e, requestId)).total_credits, requestId };
}

/** A Chat Completions stream through the OpenAI SDK: its text, its usage chunk, and what the wallet moved by. */
export async function streamChat(e2e: GatewayWithClients, params: Record<string, unknown>): Promise<{ text: string; usage: Record<string, unknown> | null; usageChunk: OpenAI.ChatCompletionChunk | null; charged: number; requestId: string }> {
  const before = await e2e.gateway.balance();
  const { data: stream, response } = await e2e.openai.chat.completions.create({ ...params, stream: true } as unknown as OpenAI.ChatCompletionCreateParamsStreaming).withResponse();
  let text = '';
  let usageChunk: OpenAI.ChatCompletionChunk | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usageChunk = chunk;
  }
  const usage = (usageChunk?.usage ?? null) as Record<string, unknown> | null;
  return { text, usage, usageChunk, charged: before - (await e2e.gateway.balance()), requestId: response.headers.get('x-request-id')! };
}
