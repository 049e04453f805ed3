import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * The Claude 5 models (Opus 5.5, Sonnet 5.5, Haiku 5.5, Opus 5, Sonnet 5), which Claude Code and
 * the Anthropic SDK ask for by their bare ids. Messages clients pass through at the catalog's
 * prices; clients of other protocols are translated to what these models take
 * (platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5, …/sonnet-5/overview): adaptive
 * thinking at an effort, no sampling parameters, and a forced tool or a prefill refused before
 * anything is held, as the simulator refuses them the way Anthropic does.
 */
const e2e = useGatewayWithClients();
const OPUS_5_5 = 'claude-opus-5-5';
const CLAUDE_5 = ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-5', 'claude-sonnet-5'];
const lookup: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } };

async function claudeBody(marker: string): Promise<Record<string, unknown>> {
  return (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/')).at(-1)!.body;
}

async function expectNothingHeld(error: unknown): Promise<void> {
  const requestId = (error as InstanceType<typeof OpenAI.APIError>).requestID!;
  expect(requestId).toMatch(/^req_/);
  expect(await e2e.gateway.kernel.use('store').getReservation(requestId)).toBeNull();
}

describe('Claude 5 through the Anthropic SDK (passthrough)', () => {
  it('answers claude-opus-5-5 by its bare id, thinking by default, and bills exactly the header\'s credits at its prices', async () => {
    const listed = (await e2e.openai.models.retrieve(`anthropic/${OPUS_5_5}`)) as unknown as { bytespike: { pricing: ModelPricing } };
    expect(listed.bytespike.pricing).toMatchObject({ inputPerMTok: 4_000_000, outputPerMTok: 20_000_000, cachedInputPerMTok: 200_000 });
    const before = await e2e.gateway.balance();
    const { data: message, response } = await e2e.anthropic.messages.create({ model: OPUS_5_5, max_tokens: 1000, messages: [{ role: 'user', content: `[[cached:40]] claude5-passthrough: ${'otters hold hands while they sleep. '.repeat(12)}` }] }).withResponse();
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: '', signature: expect.stringMatching(/.+/) });
    const credits = Number(response.headers.get('estimated_credits'));
    expect(await e2e.gateway.balance()).toBe(before - credits);
    const { usage } = message;
    const expected = computeCredits(listed.bytespike.pricing, { inputTokens: usage.input_tokens + usage.cache_read_input_tokens!, cachedInputTokens: usage.cache_read_input_tokens!, outputTokens: usage.output_tokens });
    expect(usage.cache_read_input_tokens).toBe(40);
    expect(credits).toBe(expected);
    expect((await claudeBody('claude5-passthrough')).model).toBe(OPUS_5_5);
  });
});

describe('Claude 5 through the OpenAI SDK (translated)', () => {
  it('sends reasoning_effort as adaptive thinking and an effort, minimal as low, and drops temperature', async () => {
    for (const [effort, expected] of [['minimal', 'low'], ['high', 'high']] as const) {
      const marker = `claude5-effort-${effort}`;
      const answer = await e2e.openai.chat.completions.create({ model: OPUS_5_5, reasoning_effort: effort, temperature: 0.2, top_p: 0.5, messages: [{ role: 'user', content: `${marker}: hi` }] });
      expect(answer.choices[0]!.finish_reason).toBe('stop');
      const body = await claudeBody(marker);
      expect(body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: expected } });
      expect(body).not.toHaveProperty('temperature');
      expect(body).not.toHaveProperty('top_p');
    }
  });

  it('answers every Claude 5 model with a temperature it cannot take', async () => {
    for (const model of CLAUDE_5) {
      const answer = await e2e.openai.chat.completions.create({ model, temperature: 0.7, messages: [{ role: 'user', content: `claude5-each-${model}: hi` }] });
      expect(answer.choices[0]!.message.content).toContain(`Simulated answer from ${model}`);
    }
  });

  it('refuses a forced tool with a typed 400 naming tool_choice, holding and sending nothing', async () => {
    const before = await e2e.gateway.balance();
    for (const tool_choice of ['required', { type: 'function', function: { name: 'lookup' } }] as const) {
      const error = await rejectionOf(e2e.openai.chat.completions.create({ model: OPUS_5_5, tool_choice, tools: [lookup], messages: [{ role: 'user', content: 'claude5-forced: look it up' }] }));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('BSK_GATEWAY_UNTRANSLATABLE');
      expect((error as Error).message).toContain(`tool_choice: Claude Opus 5.5 refuses a forced tool choice (it reasons on every request); send "auto" and ask for the tool in the prompt (this request to "anthropic/${OPUS_5_5}" is translated`);
      await expectNothingHeld(error);
    }
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'claude5-forced')).toEqual([]);
  });

  it('refuses an assistant prefill the same way', async () => {
    const error = await rejectionOf(e2e.openai.chat.completions.create({ model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'claude5-prefill: answer in JSON' }, { role: 'assistant', content: '{' }] }));
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('BSK_GATEWAY_UNTRANSLATABLE');
    expect((error as Error).message).toContain('messages: Claude Sonnet 5 refuses a conversation that ends in an assistant turn (a prefill)');
    await expectNothingHeld(error);
    expect(await upstreamRequests(e2e.gateway, 'claude5-prefill')).toEqual([]);
  });
});

describe('GET /v1/models lists the Claude 5 models', () => {
  it('in both shapes', async () => {
    const anthropic = (await e2e.anthropic.models.list()).data.map((model) => model.id);
    const openai = (await e2e.openai.models.list()).data.map((model) => model.id);
    for (const id of CLAUDE_5) {
      expect(anthropic).toContain(`anthropic/${id}`);
      expect(openai).toContain(`anthropic/${id}`);
    }
    const opus = await e2e.anthropic.models.retrieve(`anthropic/${OPUS_5_5}`);
    expect(opus).toMatchObject({ type: 'model', display_name: 'Claude Opus 5.5' });
  });
});
