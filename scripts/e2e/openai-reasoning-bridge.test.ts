import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * A client of another protocol (Claude Code on Messages) reaching OpenAI's reasoning models:
 * translated calls go through OpenAI's Responses API, so the model's reasoning comes back as a
 * thinking block (its summary, signed with what OpenAI needs to continue it) and, sent back as
 * Claude Code does, reaches OpenAI again, so the model carries its reasoning across tool calls.
 */
const e2e = useGatewayWithClients();

const sentUpstream = (marker: string) => upstreamBodies(e2e.gateway, marker);

const WEATHER: Anthropic.Tool = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const THINKING = { type: 'enabled' as const, budget_tokens: 2048 };

async function messages(params: Omit<Anthropic.MessageCreateParamsNonStreaming, 'max_tokens'> & { max_tokens?: number }, stream: boolean): Promise<Anthropic.Message> {
  const body = { max_tokens: 4096, ...params };
  if (!stream) return e2e.anthropic.messages.create(body);
  return e2e.anthropic.messages.stream(body).finalMessage();
}

describe.each([false, true])('Messages to an OpenAI reasoning model (streamed: %s)', (stream) => {
  it('shows the reasoning summary as thinking and hands OpenAI its reasoning back on the tool-result turn', async () => {
    const marker = `bridge-${stream}`;
    const question: Anthropic.MessageParam = { role: 'user', content: `[[tool:get_weather]] ${marker}: the weather in Oslo?` };
    const first = await messages({ model: 'openai/gpt-5.4', tools: [WEATHER], thinking: THINKING, messages: [question] }, stream);
    const thinking = first.content.find((block) => block.type === 'thinking') as Anthropic.ThinkingBlock;
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(thinking.thinking.length).toBeGreaterThan(0);
    expect(thinking.signature).toMatch(/^openai-rs\.rs_/);
    expect(first.stop_reason).toBe('tool_use');

    const second = await messages({ model: 'openai/gpt-5.4', tools: [WEATHER], thinking: THINKING, messages: [
      question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 21 degrees' }] },
    ] }, stream);
    expect(second.content.some((block) => block.type === 'text' && block.text.includes('Sunny, 21 degrees'))).toBe(true);

    const [sentFirst, sentSecond] = await sentUpstream(marker);
    expect(sentFirst).toMatchObject({ path: expect.stringMatching(/\/openai\/v1\/responses$/), body: { model: 'gpt-5.4', store: false, include: ['reasoning.encrypted_content'], reasoning: { summary: 'auto' } } });
    const input = sentSecond!.body.input as Record<string, unknown>[];
    expect(input.map((item) => item.type ?? item.role)).toEqual(['user', 'reasoning', 'function_call', 'function_call_output']);
    const [, id, encrypted] = /^openai-rs\.([^.]+)\.(.+)$/.exec(thinking.signature)!;
    expect(input[1]).toMatchObject({ type: 'reasoning', id, encrypted_content: encrypted });
    expect(input[2]).toMatchObject({ call_id: toolUse.id, name: 'get_weather' });
  });
});

describe('Messages to an OpenAI reasoning model, otherwise', () => {
  it('gives a client that did not ask for thinking no thinking blocks, and asks OpenAI for no reasoning to keep', async () => {
    const answer = await messages({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'bridge-no-thinking: hello' }] }, false);
    expect(answer.content.map((block) => block.type)).toEqual(['text']);
    const [sent] = await sentUpstream('bridge-no-thinking');
    expect(sent!.body).not.toHaveProperty('include');
    expect(sent!.body).not.toHaveProperty('reasoning');
  });

  it('keeps a request for fewer tokens than the Responses API allows on Chat Completions', async () => {
    await messages({ model: 'openai/gpt-5.4', max_tokens: 1, messages: [{ role: 'user', content: 'bridge-tiny: hi' }] }, false);
    const [sent] = await sentUpstream('bridge-tiny');
    expect(sent!.path).toMatch(/\/chat\/completions$/);
  });

  it('leaves OpenAI\'s models that do not reason on Chat Completions', async () => {
    await messages({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'bridge-gpt-4-1: hi' }] }, false);
    const [sent] = await sentUpstream('bridge-gpt-4-1');
    expect(sent!.path).toMatch(/\/chat\/completions$/);
  });
});

describe('Messages with thinking turned off, to a model that always reasons', () => {
  it('asks for the lowest effort the model takes (gpt-5.4 and its nano: none, which turns reasoning off; o4-mini: low) on the Responses API and on Chat Completions; no thinking leaves the default', async () => {
    const ask = (model: string, marker: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming>) =>
      e2e.anthropic.messages.create({ model, max_tokens: 4096, messages: [{ role: 'user', content: `${marker}: hello` }], ...extra });
    await ask('openai/gpt-5.4', 'off-responses', { thinking: { type: 'disabled' } });
    // Under OpenAI's 16-token floor of max_output_tokens the call stays on Chat Completions.
    await ask('openai/gpt-5.4-nano', 'off-chat', { thinking: { type: 'disabled' }, max_tokens: 8 });
    await ask('openai/o4-mini', 'off-o-series', { thinking: { type: 'disabled' } });
    await ask('openai/gpt-5.4', 'off-absent', {});
    const [responses] = await sentUpstream('off-responses');
    expect(responses).toMatchObject({ path: expect.stringMatching(/\/responses$/), body: { reasoning: { effort: 'none' } } });
    expect(responses!.body.include).toBeUndefined();
    const [chat] = await sentUpstream('off-chat');
    expect(chat).toMatchObject({ path: expect.stringMatching(/\/chat\/completions$/), body: { reasoning_effort: 'none' } });
    expect((await sentUpstream('off-o-series'))[0]!.body.reasoning).toEqual({ effort: 'low' });
    expect((await sentUpstream('off-absent'))[0]!.body.reasoning).toBeUndefined();
  });
});
