import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Kimi K2 names a tool call `functions.<name>:<n>`, n counting the calls of the whole
 * conversation, so a conversation's calls never share an id. Carried on to Claude, the ids are
 * rewritten (Anthropic refuses `.` and `:`), and a conversation whose calls do share one (a
 * provider that numbers per turn, a client that repeated an id) still reaches Claude with one id
 * per tool_use, each tool_result on its own call: Anthropic refuses repeated tool_use ids.
 */
const e2e = useGatewayWithClients();
const WEATHER = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

type Block = { type: string; id?: string; tool_use_id?: string; content?: unknown; input?: unknown };

/** The tool blocks Claude got for `marker`, in order. */
async function toolBlocksSentToClaude(marker: string): Promise<Block[]> {
  const [sent] = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/'));
  const messages = sent!.body.messages as { content: Block[] | string }[];
  return messages.flatMap((message) => (Array.isArray(message.content) ? message.content : [])).filter((block) => block.type === 'tool_use' || block.type === 'tool_result');
}

describe('Kimi tool call ids', () => {
  it('count the conversation\'s calls, turn after turn', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: '[[tool:get_weather]] weather in Kyiv?' };
    const first = await e2e.anthropic.messages.create({ model: 'kimi/kimi-k2', max_tokens: 300, tools: [WEATHER], messages: [question] });
    const firstCall = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(firstCall.id).toBe('functions.get_weather:0');
    const second = await e2e.anthropic.messages.create({
      model: 'kimi/kimi-k2', max_tokens: 300, tools: [WEATHER],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: firstCall.id, content: 'snow' }, { type: 'text', text: '[[tool:get_weather]] and in Lviv?' }] }],
    });
    expect(second.content.find((block) => block.type === 'tool_use')).toMatchObject({ id: 'functions.get_weather:1' });
  });
});

describe('a conversation whose calls share an id, carried on to Claude', () => {
  const history = (marker: string): Anthropic.MessageParam[] => {
    const turn = (city: string, weather: string): Anthropic.MessageParam[] => [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'functions.get_weather:0', name: 'get_weather', input: { city } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'functions.get_weather:0', content: weather }] },
    ];
    return [{ role: 'user', content: `${marker}: weather in Kyiv?` }, ...turn('Kyiv', 'snow'), { role: 'assistant', content: 'Snow. Anything else?' }, { role: 'user', content: 'Lviv?' }, ...turn('Lviv', 'rain')];
  };

  const expectOneIdPerCall = (blocks: Block[]) => {
    expect(blocks.map((block) => block.type)).toEqual(['tool_use', 'tool_result', 'tool_use', 'tool_result']);
    const [kyiv, kyivResult, lviv, lvivResult] = blocks as [Block, Block, Block, Block];
    expect([kyiv.input, lviv.input]).toEqual([{ city: 'Kyiv' }, { city: 'Lviv' }]);
    expect(kyiv.id).toMatch(/^toolu_[\w-]+$/);
    expect(lviv.id).toMatch(/^toolu_[\w-]+$/);
    expect(kyiv.id).not.toBe(lviv.id);
    expect([kyivResult.tool_use_id, lvivResult.tool_use_id]).toEqual([kyiv.id, lviv.id]);
  };

  it('gets one id per tool_use, each result on its own call, passed through from a Messages client', async () => {
    const marker = 'shared-ids-passthrough';
    const answer = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 300, tools: [WEATHER], messages: history(marker) });
    expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('rain') });
    expectOneIdPerCall(await toolBlocksSentToClaude(marker));
  });

  it('gets one id per tool_use, each result on its own call, translated for a Chat Completions client', async () => {
    const marker = 'shared-ids-translated';
    const call = (city: string) => ({ id: 'functions.get_weather:0', type: 'function' as const, function: { name: 'get_weather', arguments: JSON.stringify({ city }) } });
    const completion = await e2e.openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-6', tools: [{ type: 'function', function: { name: WEATHER.name, parameters: WEATHER.input_schema } }],
      messages: [
        { role: 'user', content: `${marker}: weather in Kyiv?` },
        { role: 'assistant', content: null, tool_calls: [call('Kyiv')] }, { role: 'tool', tool_call_id: 'functions.get_weather:0', content: 'snow' },
        { role: 'assistant', content: 'Snow. Anything else?' }, { role: 'user', content: 'Lviv?' },
        { role: 'assistant', content: null, tool_calls: [call('Lviv')] }, { role: 'tool', tool_call_id: 'functions.get_weather:0', content: 'rain' },
      ],
    });
    expect(completion.choices[0]!.message.content).toContain('rain');
    expectOneIdPerCall(await toolBlocksSentToClaude(marker));
  });
});
