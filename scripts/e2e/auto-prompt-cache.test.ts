import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * `autoPromptCache` on the anthropic provider: a Chat Completions client (Cursor, Cline) cannot
 * place Anthropic's cache_control breakpoints, so without them a long conversation on Claude pays
 * full input price every turn. With the option on, the gateway places two on a translated request
 * that has none: after the system prompt and after the last message. Messages clients pass
 * through with their own.
 */
const e2e = useGatewayWithClients({ config: () => ({ plugins: { anthropic: { autoPromptCache: true } } }) });
const EPHEMERAL = { type: 'ephemeral' };
const WEATHER: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

type Block = { type: string; cache_control?: unknown };
const sentToClaude = async (marker: string) => (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/')).map((request) => request.body as { system?: Block[]; messages: { role: string; content: Block[] }[] });

describe('automatic prompt-cache breakpoints for Claude', () => {
  it('places one after the system prompt and one after the last message of a Chat Completions conversation, turn after turn', async () => {
    const system: OpenAI.ChatCompletionMessageParam = { role: 'system', content: 'You are a careful coding agent. auto-cache-chat' };
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: '[[tool:get_weather]] The weather in Oslo?' };
    const first = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 300, tools: [WEATHER], messages: [system, question] });
    const call = first.choices[0]!.message.tool_calls![0]!;
    await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 300, tools: [WEATHER], messages: [
      system, question, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
    ] });
    const [one, two] = await sentToClaude('auto-cache-chat');
    for (const body of [one!, two!]) {
      expect(body.system!.at(-1)!.cache_control).toEqual(EPHEMERAL);
      const last = body.messages.at(-1)!.content;
      expect(last.at(-1)!.cache_control).toEqual(EPHEMERAL);
      // Two breakpoints in all: nothing else is marked.
      expect(body.messages.flatMap((message) => message.content).filter((block) => block.cache_control)).toHaveLength(1);
    }
    expect(two!.messages.at(-1)!.content.at(-1)!.type).toBe('tool_result');
  });

  it('bills what Claude then reads from the cache at the cached price', async () => {
    const before = await e2e.gateway.balance();
    const { data, response } = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: `[[cached:400]] auto-cache-billed ${'context '.repeat(300)}` }] }).withResponse();
    expect(data.usage!.prompt_tokens_details!.cached_tokens).toBe(400);
    const credits = Number(response.headers.get('estimated_credits'));
    expect(before - (await e2e.gateway.balance())).toBe(credits);
    const { pricing } = ((await e2e.openai.models.retrieve('anthropic/claude-sonnet-4-6')) as unknown as { bytespike: { pricing: ModelPricing } }).bytespike;
    expect(credits).toBe(computeCredits(pricing, { inputTokens: data.usage!.prompt_tokens, cachedInputTokens: 400, outputTokens: data.usage!.completion_tokens }));
  });

  it('leaves a Messages client\'s request as it sent it', async () => {
    await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 100, system: 'auto-cache-messages', messages: [{ role: 'user', content: 'Hello' }] });
    const [sent] = await sentToClaude('auto-cache-messages');
    expect(JSON.stringify(sent)).not.toContain('cache_control');
  });
});
