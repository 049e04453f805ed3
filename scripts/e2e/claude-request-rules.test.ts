import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * What Claude refuses together, as clients of other protocols send it: temperature with top_p
 * (Claude 4 models), thinking with a forced tool, and thinking in a tool loop whose assistant
 * turn carries no thinking Claude signed (a Chat Completions client has nowhere to keep the
 * signature; a Messages client may carry the loop over from DeepSeek). The simulator refuses
 * each as the API does; the gateway must send what Claude takes.
 */
const e2e = useGatewayWithClients();
const CLAUDE = 'anthropic/claude-sonnet-4-6';
const weatherTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

async function lastClaudeBody(marker: string): Promise<Record<string, unknown>> {
  const sent = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/'));
  return sent.at(-1)!.body;
}

describe('Claude through other protocols: what it refuses together', () => {
  it('answers a Chat Completions client that sends temperature and top_p, sending Claude the temperature', async () => {
    const answer = await e2e.openai.chat.completions.create({ model: CLAUDE, temperature: 0.7, top_p: 0.9, messages: [{ role: 'user', content: 'rules-sampling: hi' }] });
    expect(answer.choices[0]!.finish_reason).toBe('stop');
    const body = await lastClaudeBody('rules-sampling');
    expect(body.temperature).toBe(0.7);
    expect(body).not.toHaveProperty('top_p');
  });

  it('carries a Chat Completions tool loop on Claude with reasoning_effort through its tool-result turn', async () => {
    for (const stream of [false, true]) {
      const marker = `rules-loop-${stream}`;
      const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: `[[reasoning]] [[tool:get_weather]] ${marker}: weather in Paris?` };
      const first = await e2e.openai.chat.completions.create({ model: CLAUDE, reasoning_effort: 'medium', tools: [weatherTool], messages: [question] });
      const call = first.choices[0]!.message.tool_calls![0]!;
      expect((await lastClaudeBody(marker)).thinking).toMatchObject({ type: 'enabled' });
      const messages: OpenAI.ChatCompletionMessageParam[] = [question, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 21 C' }];
      const request = { model: CLAUDE, reasoning_effort: 'medium' as const, tools: [weatherTool], messages };
      const text = stream
        ? (await e2e.openai.chat.completions.stream(request).finalChatCompletion()).choices[0]!.message.content
        : (await e2e.openai.chat.completions.create(request)).choices[0]!.message.content;
      expect(text).toContain('sunny, 21 C');
      expect(await lastClaudeBody(marker)).not.toHaveProperty('thinking');
    }
  });

  it('keeps a forced tool and leaves thinking off', async () => {
    const answer = await e2e.openai.chat.completions.create({ model: CLAUDE, reasoning_effort: 'low', tool_choice: 'required', tools: [weatherTool], messages: [{ role: 'user', content: '[[tool:get_weather]] rules-forced: weather?' }] });
    expect(answer.choices[0]!.finish_reason).toBe('tool_calls');
    const body = await lastClaudeBody('rules-forced');
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(body).not.toHaveProperty('thinking');
  });

  it('carries a Messages tool loop begun on DeepSeek on to Claude with thinking on, passed through', async () => {
    const question = { role: 'user' as const, content: '[[reasoning]] [[tool:get_weather]] rules-carried: weather in Oslo?' };
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await e2e.anthropic.messages.create({ model: 'deepseek/deepseek-reasoner', max_tokens: 4096, thinking, tools, messages: [question] });
    const call = first.content.find((block) => block.type === 'tool_use')!;
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: '' });
    const second = await e2e.anthropic.messages.create({
      model: CLAUDE, max_tokens: 4096, thinking, tools,
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow' }] }],
    });
    expect(second.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toContain('snow');
    expect(await lastClaudeBody('rules-carried')).not.toHaveProperty('thinking');
  });

  // These answer without reasoning and with call ids Claude takes as they are: nothing else in the
  // body needs fitting, yet the tool turn being answered still lacks Claude's signed thinking.
  it.each(['deepseek/deepseek-chat', 'openai/gpt-4.1', 'openai/gpt-4o'])('carries a Messages tool loop begun on %s on to Claude with thinking on, passed through', async (model) => {
    const marker = `rules-carried-from-${model}`;
    const question = { role: 'user' as const, content: `[[tool:get_weather]] ${marker}: weather in Oslo?` };
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const first = await e2e.anthropic.messages.create({ model, max_tokens: 4096, tools, messages: [question] });
    expect(first.content.map((block) => block.type)).not.toContain('thinking');
    const call = first.content.find((block) => block.type === 'tool_use')!;
    const second = await e2e.anthropic.messages.create({
      model: CLAUDE, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, tools,
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow' }] }],
    });
    expect(second.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toContain('snow');
    const sent = await lastClaudeBody(marker);
    expect(sent).not.toHaveProperty('thinking');
    expect((sent.messages as { content: { id?: string }[] }[])[1]!.content.find((block) => block.id !== undefined)!.id).toBe(call.id);
  });
});
