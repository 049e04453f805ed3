import type OpenAI from 'openai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import type { ModelPricing } from '../../kernel/canonical/model';
import { computeCredits } from '../../plugins/billing/pricing';
import type { GatewayWithClients } from './gateway-clients';

export interface ResponsesTurn {
  readonly response: Response;
  readonly credits: number;
  readonly events: readonly ResponseStreamEvent[];
}

/**
 * One Responses API call through the official SDK (`responses.create`, or the SDK's own stream
 * accumulator `responses.stream`, which refuses events out of order), checking that the wallet
 * moved by exactly the credits the call was told (the header, or `usage.bytespike_credits` of a
 * stream's last event), priced from the usage it reports at the prices of the moment the call
 * was admitted (DeepSeek's off-peak hours), which falls between the call's start and end.
 * `pricedAs` names the catalog model when the response's `model` is the upstream's own id (passthrough).
 */
export function responsesCaller(e2e: GatewayWithClients) {
  const pricingOf = async (model: string): Promise<ModelPricing> => ((await e2e.openai.models.retrieve(model)) as unknown as { bytespike: { pricing: ModelPricing } }).bytespike.pricing;
  return async (stream: boolean, params: OpenAI.Responses.ResponseCreateParamsNonStreaming, pricedAs?: string): Promise<ResponsesTurn> => {
    const before = await e2e.gateway.balance();
    const startedAt = new Date();
    let turn: ResponsesTurn;
    if (!stream) {
      const { data, response } = await e2e.openai.responses.create(params).withResponse();
      turn = { response: data, credits: Number(response.headers.get('estimated_credits')), events: [] };
    } else {
      const events: ResponseStreamEvent[] = [];
      const runner = e2e.openai.responses.stream({ ...params, stream: true });
      for await (const event of runner) events.push(event);
      const response = await runner.finalResponse();
      turn = { response, credits: (response.usage as unknown as { bytespike_credits: number }).bytespike_credits, events };
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
      expect(events[0]?.type).toBe('response.created');
    }
    expect(turn.credits).toBeGreaterThan(0);
    expect(before - (await e2e.gateway.balance())).toBe(turn.credits);
    const endedAt = new Date();
    const usage = turn.response.usage!;
    const pricing = await pricingOf(pricedAs ?? turn.response.model);
    const billed = { inputTokens: usage.input_tokens, cachedInputTokens: usage.input_tokens_details.cached_tokens, outputTokens: usage.output_tokens };
    expect([computeCredits(pricing, billed, startedAt), computeCredits(pricing, billed, endedAt)]).toContain(turn.credits);
    return turn;
  };
}
