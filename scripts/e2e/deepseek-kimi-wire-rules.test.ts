import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * What OpenAI's SDK sends that DeepSeek's and Moonshot's APIs refuse, fitted on the way: a
 * `developer` message (both answer 400 to the role) and a `json_schema` response format (DeepSeek
 * takes `json_object` only, and answers 400 "This response_format type is unavailable now"). The
 * simulator refuses both as the real APIs do, so each test fails without the fitting.
 */
const e2e = useGatewayWithClients();

interface ChatBody { messages: { role: string; content: unknown }[]; response_format?: { type: string } }

/** The bodies the upstream received for calls whose prompt carried `marker`. */
async function chatBodiesWith(marker: string): Promise<ChatBody[]> {
  return (await upstreamBodies(e2e.gateway, marker)).map((request) => request.body as unknown as ChatBody);
}

describe('a developer message (passthrough on Chat Completions)', () => {
  it.each(['deepseek/deepseek-flash', 'kimi/kimi-k2'])('reaches %s as a system message, streamed or not', async (model) => {
    const marker = `developer-role-${model}`;
    const messages = [{ role: 'developer' as const, content: `Be terse. ${marker}` }, { role: 'user' as const, content: 'hi' }];
    const completion = await e2e.openai.chat.completions.create({ model, messages });
    expect(completion.choices[0]!.message.content).toContain('hi');
    let streamed = '';
    for await (const chunk of await e2e.openai.chat.completions.create({ model, messages, stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(completion.choices[0]!.message.content);
    const bodies = await chatBodiesWith(marker);
    expect(bodies.map((body) => body.messages)).toEqual([0, 1].map(() => [{ role: 'system', content: `Be terse. ${marker}` }, { role: 'user', content: 'hi' }]));
  });

  it('reaches OpenAI as written: its models take the role', async () => {
    const marker = 'developer-role-openai';
    await e2e.openai.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'developer', content: `Be terse. ${marker}` }, { role: 'user', content: 'hi' }] });
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.messages[0]!.role).toBe('developer');
  });
});

describe('text parts on system, assistant and tool messages (passthrough on Chat Completions)', () => {
  const parts = (...texts: string[]) => texts.map((text) => ({ type: 'text' as const, text }));
  const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: {} } } }];
  const conversation = (marker: string) => [
    { role: 'system' as const, content: parts('Be terse.', `Metric units. ${marker}`) },
    { role: 'user' as const, content: parts('Weather in Paris?') },
    { role: 'assistant' as const, content: parts('Checking.'), tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '{}' } }] },
    { role: 'tool' as const, tool_call_id: 'call_1', content: parts('18 °C', 'sunny') },
  ];

  it('reach DeepSeek, which takes a string there only, joined as the translated path joins them; user parts as written', async () => {
    const marker = 'text-parts-deepseek';
    const completion = await e2e.openai.chat.completions.create({ model: 'deepseek/deepseek-flash', tools, messages: conversation(marker) });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.messages.map((message) => message.content)).toEqual([`Be terse.\n\nMetric units. ${marker}`, parts('Weather in Paris?'), 'Checking.', '18 °C\nsunny']);
  });

  it('reach Kimi as written: Moonshot is not known to refuse them', async () => {
    const marker = 'text-parts-kimi';
    await e2e.openai.chat.completions.create({ model: 'kimi/kimi-k2', tools, messages: conversation(marker) });
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.messages).toEqual(conversation(marker));
  });
});

// The simulator answers json_object with {"answer": "..."}, as a model told this schema would.
const Reply = z.object({ answer: z.string() });
const replySchemaText = JSON.stringify(zodResponseFormat(Reply, 'reply').json_schema.schema);

describe('a JSON Schema response format on DeepSeek, which takes json_object only', () => {
  it('chat.completions.parse with a zod schema gets its object: json_object upstream, the schema in the system prompt', async () => {
    const marker = 'json-schema-via-chat';
    const completion = await e2e.openai.chat.completions.parse({
      model: 'deepseek/deepseek-flash', response_format: zodResponseFormat(Reply, 'reply'),
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: `${marker}: how are you?` }],
    });
    expect(completion.choices[0]!.message.parsed).toEqual({ answer: 'Simulated answer from deepseek-flash' });
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.response_format).toEqual({ type: 'json_object' });
    expect(sent!.messages[0]!.role).toBe('system');
    expect(sent!.messages[0]!.content).toMatch(/^Be brief\.\n\nAnswer with a json object only.*"reply"/);
    expect(sent!.messages[0]!.content).toContain(replySchemaText);
  });

  it('responses.parse with a zod text format gets its object through the translated path', async () => {
    const marker = 'json-schema-via-responses';
    const response = await e2e.openai.responses.parse({ model: 'deepseek/deepseek-flash', instructions: `Be brief. ${marker}`, input: 'How are you?', text: { format: zodTextFormat(Reply, 'reply') } });
    expect(response.output_parsed).toEqual({ answer: 'Simulated answer from deepseek-flash' });
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.response_format).toEqual({ type: 'json_object' });
    expect(sent!.messages[0]!.content).toContain(replySchemaText);
  });

  it('goes to Kimi as sent: Moonshot enforces JSON Schemas itself', async () => {
    const marker = 'json-schema-to-kimi';
    const completion = await e2e.openai.chat.completions.parse({ model: 'kimi/kimi-k2', response_format: zodResponseFormat(Reply, 'reply'), messages: [{ role: 'user', content: `${marker}: how are you?` }] });
    expect(completion.choices[0]!.message.parsed).toEqual({ answer: expect.any(String) });
    const [sent] = await chatBodiesWith(marker);
    expect(sent!.response_format).toMatchObject({ type: 'json_schema' });
    expect(sent!.messages).toEqual([{ role: 'user', content: `${marker}: how are you?` }]);
  });
});
