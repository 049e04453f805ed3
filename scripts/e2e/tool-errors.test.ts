import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * A tool that failed, as Claude Code reports it (`tool_result` with `is_error: true`), reaching a
 * provider without that flag: OpenAI-style tool messages and Responses outputs carry the text
 * marked `Error: …`; Gemini gets it under `functionResponse.response.error`, its own convention.
 */
const e2e = useGatewayWithClients();
const WEATHER: Anthropic.Tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

function conversation(marker: string, isError: boolean): Anthropic.MessageParam[] {
  return [
    { role: 'user', content: `${marker}: weather in Oslo?` },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Oslo' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'service unavailable', ...(isError ? { is_error: true } : {}) }] },
  ];
}

async function sentFor(model: string, isError: boolean): Promise<Record<string, unknown>> {
  const marker = `tool-error-${model}-${isError}`;
  await e2e.anthropic.messages.create({ model, max_tokens: 64, tools: [WEATHER], messages: conversation(marker, isError) });
  return (await upstreamBodies(e2e.gateway, marker)).at(-1)!.body;
}

const toolMessage = (body: Record<string, unknown>) => (body.messages as { role: string }[]).find((message) => message.role === 'tool');
const callOutput = (body: Record<string, unknown>) => (body.input as { type?: string }[]).find((item) => item.type === 'function_call_output');

describe('a failed tool\'s result, translated', () => {
  it.each(['openai/gpt-4.1', 'deepseek/deepseek-chat', 'kimi/kimi-k2-0905-preview'])('reaches %s as a tool message marked "Error: "; a success stays unmarked', async (model) => {
    expect(toolMessage(await sentFor(model, true))).toMatchObject({ content: 'Error: service unavailable' });
    expect(toolMessage(await sentFor(model, false))).toMatchObject({ content: 'service unavailable' });
  });

  it('reaches an OpenAI reasoning model (Responses API) as a function_call_output marked "Error: "', async () => {
    expect(callOutput(await sentFor('openai/gpt-5.4', true))).toMatchObject({ output: 'Error: service unavailable' });
    expect(callOutput(await sentFor('openai/gpt-5.4', false))).toMatchObject({ output: 'service unavailable' });
  });

  it('reaches Gemini as functionResponse.response.error instead of output', async () => {
    const responseOf = (body: Record<string, unknown>) => (body.contents as { parts: { functionResponse?: { response: unknown } }[] }[]).flatMap((content) => content.parts).find((part) => part.functionResponse)!.functionResponse!.response;
    expect(responseOf(await sentFor('gemini/gemini-2.5-flash', true))).toEqual({ error: 'service unavailable' });
    expect(responseOf(await sentFor('gemini/gemini-2.5-flash', false))).toEqual({ output: 'service unavailable' });
  });
});
