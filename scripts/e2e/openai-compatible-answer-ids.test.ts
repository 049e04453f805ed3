import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { WEATHER, streamMessages, useCompatibleServers } from './compatible-servers';

/**
 * Ids a client keys answers and tool results by never repeat across turns: where a server sends
 * none (the bare server) the gateway's request id stands in, where its ids repeat (Ollama's
 * `chatcmpl-<0..998>`) the request id is appended, and the ids real providers send (OpenAI,
 * DeepSeek, Kimi, vLLM) go to the client as they came.
 */
const e2e = useCompatibleServers();

/** A non-streamed Messages answer and its request id. */
async function askMessages(params: Anthropic.MessageCreateParamsNonStreaming): Promise<{ message: Anthropic.Message; requestId: string }> {
  const { data: message, response } = await e2e.anthropic.messages.create(params).withResponse();
  return { message, requestId: response.headers.get('request-id')! };
}

const toolUse = (message: Anthropic.Message) => message.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
const weatherTurn = (model: string, marker: string): Anthropic.MessageCreateParamsNonStreaming => ({ model, max_tokens: 500, tools: [WEATHER], messages: [{ role: 'user', content: `[[tool:get_weather]] ${marker}: weather in Oslo?` }] });

describe('a server whose ids repeat (Ollama)', () => {
  it('gives the same question asked twice two Messages ids: the upstream\'s, then the request id', async () => {
    const first = await askMessages({ model: 'ollama/qwen3:8b', max_tokens: 200, messages: [{ role: 'user', content: 'ollama-ids: hello' }] });
    const second = await askMessages({ model: 'ollama/qwen3:8b', max_tokens: 200, messages: [{ role: 'user', content: 'ollama-ids: hello' }] });
    expect(first.message.id).toMatch(new RegExp(`^msg_chatcmpl-\\d{1,3}-${first.requestId}$`));
    expect(second.message.id).toMatch(new RegExp(`^msg_chatcmpl-\\d{1,3}-${second.requestId}$`));
    expect(first.message.id).not.toBe(second.message.id);
  });
});

describe('a server that sends no ids', () => {
  it('names a Messages answer and its tool call after the request, so two turns never share them', async () => {
    const first = await askMessages(weatherTurn('bare/qwen3:8b', 'bare-ids'));
    const second = await askMessages(weatherTurn('bare/qwen3:8b', 'bare-ids'));
    expect(first.message.id).toBe(`msg_${first.requestId}`);
    expect(toolUse(first.message).id).toBe(`call_${first.requestId}_0`);
    expect(toolUse(second.message).id).toBe(`call_${second.requestId}_0`);
  });

  it('names a streamed tool call after the request too', async () => {
    const { message, requestId } = await streamMessages(e2e, weatherTurn('bare/qwen3:8b', 'bare-stream-ids'));
    expect(toolUse(message).id).toBe(`call_${requestId}_0`);
  });

  it('gives a Responses client a function call id of its own, which its next turn answers', async () => {
    const tools: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: WEATHER.name, parameters: WEATHER.input_schema as Record<string, unknown>, strict: false }];
    const { data: response, response: http } = await e2e.openai.responses.create({ model: 'bare/qwen3:8b', tools, input: '[[tool:get_weather]] bare-responses-ids: weather?', store: false }).withResponse();
    const call = response.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    expect(call.call_id).toBe(`call_${http.headers.get('x-request-id')}_0`);
    const next = await e2e.openai.responses.create({ model: 'bare/qwen3:8b', tools, store: false, input: [call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }] });
    expect(next.output_text).toContain('sunny');
  });
});

describe('ids real servers send', () => {
  it.each([
    ['vllm/qwen3:8b', /^msg_chatcmpl-[A-Za-z0-9]{32}$/, /^chatcmpl-tool-/],
    ['deepseek/deepseek-chat', /^msg_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/, /^call_/],
    ['kimi/kimi-k2', /^msg_chatcmpl-sim[A-Za-z0-9]{24}$/, /^functions\.get_weather:0$/],
    ['openai/gpt-4o-mini', /^msg_chatcmpl-sim[A-Za-z0-9]{26}$/, /^call_/],
  ])('%s: go to the client as they came', async (model, messageId, callId) => {
    const { message, requestId } = await askMessages(weatherTurn(model, 'real-ids'));
    expect(message.id).toMatch(messageId);
    expect(toolUse(message).id).toMatch(callId);
    expect(`${message.id} ${toolUse(message).id}`).not.toContain(requestId);
  });
});
