import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';

let simulator: UpstreamSimulator;
let client: Anthropic;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ apiKey: 'test-key' });
  client = new Anthropic({ apiKey: 'test-key', baseURL: simulator.baseUrls.anthropic, maxRetries: 0 });
});
afterAll(() => simulator.close());

const ask = (model: string, extra: Record<string, unknown> = {}) =>
  client.messages.create({ model, max_tokens: 200, messages: [{ role: 'user', content: 'Tell me about otters' }], ...extra } as Anthropic.MessageCreateParamsNonStreaming);

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  return ((error as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message;
}

const tools = [{ name: 'lookup', input_schema: { type: 'object' as const } }];

/** platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5 and the pages named in claude-5-rules.ts. */
describe('Claude 5 models, as the simulator answers them', () => {
  it('thinks by default, Opus 5.5 with the thinking text left out (display "omitted") but signed, streamed alike', async () => {
    const message = await ask('claude-opus-5-5');
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: '', signature: expect.stringMatching(/.+/) });
    expect(message.content[1]).toMatchObject({ type: 'text' });
    const streamed = await client.messages.stream({ model: 'claude-opus-5-5', max_tokens: 200, messages: [{ role: 'user', content: 'Tell me about otters' }] }).finalMessage();
    expect(streamed.content).toEqual(message.content);
    const shown = await ask('claude-opus-5-5', { thinking: { type: 'adaptive', display: 'summarized' } });
    expect(shown.content[0]).toMatchObject({ type: 'thinking', thinking: expect.stringContaining('step by step') });
    expect((await ask('claude-sonnet-5')).content[0]).toMatchObject({ type: 'thinking', thinking: expect.stringContaining('step by step') });
  });

  it('refuses budgets on every Claude 5 model and turning thinking off on Opus 5.5, with the documented messages', async () => {
    expect(await refusal(ask('claude-opus-5-5', { thinking: { type: 'disabled' } }))).toBe('"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.');
    expect(await refusal(ask('claude-sonnet-5', { thinking: { type: 'enabled', budget_tokens: 2048 } }))).toBe('"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.');
    const off = await ask('claude-opus-5', { thinking: { type: 'disabled' } });
    expect(off.content.map((block) => block.type)).toEqual(['text']);
  });

  it('refuses sampling parameters, a forced tool and a prefill; takes adaptive thinking with an effort', async () => {
    expect(await refusal(ask('claude-opus-5-5', { temperature: 0.2 }))).toBe('`temperature` is deprecated for this model.');
    expect(await refusal(ask('claude-haiku-5-5', { top_p: 0.9 }))).toBe('`top_p` is deprecated for this model.');
    expect(await refusal(ask('claude-sonnet-5-5', { tools, tool_choice: { type: 'tool', name: 'lookup' } }))).toBe('Thinking may not be enabled when tool_choice forces tool use.');
    const prefill = client.messages.create({ model: 'claude-opus-5-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '{' }] });
    expect(await refusal(prefill)).toBe('Prefilling assistant messages is not supported for this model.');
    const answered = await ask('claude-opus-5-5', { thinking: { type: 'adaptive' }, output_config: { effort: 'low' }, temperature: 1 });
    expect(answered.stop_reason).toBe('end_turn');
  });

  it('leaves the older models as they were: no thinking unless asked, temperature taken', async () => {
    const message = await ask('claude-opus-4-5', { temperature: 0.2 });
    expect(message.content.map((block) => block.type)).toEqual(['text']);
  });
});
