import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { signatureInCallId } from '../../plugins/providers/gemini/call-id-signature';
import { upstreamRequests } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Tool call ids as they travel between providers. Gemini returns a thought signature on a
 * function call and (Gemini 3) refuses the next turn when the call comes back without it;
 * neither OpenAI's nor Anthropic's wire has a field for it, so it rides in the call's id, which
 * each SDK's client sends back as it got it. And a conversation carried from one model to
 * another keeps its ids, which the next upstream may refuse: OpenAI ids over 40 characters,
 * Anthropic ids outside [a-zA-Z0-9_-] (Kimi's `functions.get_weather:0`).
 */
const e2e = useGatewayWithClients();
const WEATHER = { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

interface GeminiRequest { contents: { role: string; parts: { functionCall?: { name: string }; thoughtSignature?: string }[] }[] }

/** The call Gemini was asked for, as the simulator recorded the request that carried the tool's result. */
async function functionCallSentBack(marker: string): Promise<{ functionCall?: { name: string }; thoughtSignature?: string }> {
  const requests = (await upstreamRequests(e2e.gateway, marker)) as unknown as { rawBody: string }[];
  const followUp = JSON.parse(requests.at(-1)!.rawBody) as GeminiRequest;
  return followUp.contents.flatMap((content) => content.parts).find((part) => part.functionCall)!;
}

describe('a Gemini function call\'s thought signature', () => {
  it('goes back to Gemini with the call when an OpenAI client returns the tool\'s result', async () => {
    const marker = 'signature-via-chat';
    const messages = [{ role: 'user' as const, content: `[[tool:get_weather]] ${marker}: weather in Rome?` }];
    const first = await e2e.openai.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages, tools: [{ type: 'function', function: WEATHER }] });
    const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(call.id).toMatch(/^call_[\w-]+__ts__[\w-]+$/);
    await e2e.openai.chat.completions.create({
      model: 'gemini/gemini-2.5-flash', tools: [{ type: 'function', function: WEATHER }],
      messages: [...messages, { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: call.function }] }, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    const sentBack = await functionCallSentBack(marker);
    expect(sentBack.functionCall?.name).toBe('get_weather');
    expect(sentBack.thoughtSignature?.length).toBeGreaterThan(8);
    expect(sentBack.thoughtSignature).toBe(signatureInCallId(call.id));
  });

  it('goes back to Gemini with the call when an Anthropic client returns the tool\'s result, streamed', async () => {
    const marker = 'signature-via-messages';
    const question = { role: 'user' as const, content: `[[tool:get_weather]] ${marker}: weather in Rome?` };
    const tools = [{ name: WEATHER.name, description: WEATHER.description, input_schema: WEATHER.parameters as Anthropic.Tool.InputSchema }];
    const stream = e2e.anthropic.messages.stream({ model: 'gemini/gemini-2.5-flash', max_tokens: 500, messages: [question], tools });
    const first = await stream.finalMessage();
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse.id).toMatch(/^call_[\w-]+__ts__[\w-]+$/);
    await e2e.anthropic.messages.create({
      model: 'gemini/gemini-2.5-flash', max_tokens: 500, tools,
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] }],
    });
    const sentBack = await functionCallSentBack(marker);
    expect(sentBack.thoughtSignature?.length).toBeGreaterThan(8);
    expect(sentBack.thoughtSignature).toBe(signatureInCallId(toolUse.id));
  });

  it('does not stop the conversation moving on to an OpenAI model, which refuses tool call ids over 40 characters', async () => {
    const messages = [{ role: 'user' as const, content: '[[tool:get_weather]] weather in Lima?' }];
    const tools = [{ type: 'function' as const, function: WEATHER }];
    const first = await e2e.openai.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages, tools });
    const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(call.id.length).toBeGreaterThan(40);
    const history = [...messages, { role: 'assistant' as const, content: null, tool_calls: [{ id: call.id, type: 'function' as const, function: call.function }] }, { role: 'tool' as const, tool_call_id: call.id, content: 'sunny' }];
    // Native passthrough (an OpenAI client on an OpenAI model), then translated (an Anthropic client).
    const viaChat = await e2e.openai.chat.completions.create({ model: 'openai/gpt-4.1', messages: history, tools });
    expect(viaChat.choices[0]!.message.content).toContain('sunny');
    const viaMessages = await e2e.anthropic.messages.create({
      model: 'openai/gpt-4.1', max_tokens: 300, tools: [{ name: WEATHER.name, input_schema: WEATHER.parameters as Anthropic.Tool.InputSchema }],
      messages: [{ role: 'user', content: 'weather in Lima?' }, { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: JSON.parse(call.function.arguments) as Record<string, unknown> }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] }],
    });
    expect(viaMessages.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('sunny') });
  });

  it('does not stop a Kimi conversation moving on to Claude, which refuses Kimi\'s call ids', async () => {
    const tools = [{ name: WEATHER.name, description: WEATHER.description, input_schema: WEATHER.parameters as Anthropic.Tool.InputSchema }];
    const question = { role: 'user' as const, content: '[[tool:get_weather]] weather in Kyiv?' };
    const first = await e2e.anthropic.messages.create({ model: 'kimi/kimi-k2', max_tokens: 300, messages: [question], tools });
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse.id).toBe('functions.get_weather:0');
    const history: Anthropic.MessageParam[] = [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'snow' }] }];
    // Native passthrough (an Anthropic client on Claude), then translated (an OpenAI client).
    const viaMessages = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 300, messages: history, tools });
    expect(viaMessages.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('snow') });
    const viaChat = await e2e.openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-6', tools: [{ type: 'function', function: WEATHER }],
      messages: [question, { role: 'assistant', content: null, tool_calls: [{ id: toolUse.id, type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(toolUse.input) } }] }, { role: 'tool', tool_call_id: toolUse.id, content: 'snow' }],
    });
    expect(viaChat.choices[0]!.message.content).toContain('snow');
  });
});
