import type { ModelInfo } from '../../kernel/canonical/model';
import { isBskError } from '../../kernel/errors';
import { gatewayErrors } from './gateway-errors';
import type { Pricing } from './ports';

export interface OutputAllowanceFacts {
  readonly pricing: Pricing;
  /** The models the hold covered (the primary and any fallbacks). */
  readonly models: readonly ModelInfo[];
  readonly inputTokens: number;
  /** The output tokens the hold allowed for: the request's max_tokens, else the model's limit. */
  readonly allowance: number;
  readonly maxTokensSent: boolean;
  /** The client's name for its output limit: `max_tokens`, Responses' `max_output_tokens`. */
  readonly field: string;
  /** The moment the hold was priced at. */
  readonly at?: Date;
}

/**
 * A wallet too small for a request's output allowance, though not for its prompt: the meter's
 * 402 becomes one that says how large a max_tokens the wallet covers. Most OpenAI clients send
 * no max_tokens, and the allowance is then the model's whole output limit (GPT-5's 128,000
 * tokens cost up to $1.28), more than a small wallet holds for a one-line question. Any other
 * refusal passes unchanged.
 */
export function explainUnaffordableOutput(error: unknown, facts: OutputAllowanceFacts): unknown {
  if (!isBskError(error) || error.status !== 402 || typeof error.details.available !== 'number') return error;
  const available = error.details.available;
  const fits = (maxOutputTokens: number) => facts.models.every((model) => facts.pricing.estimateMaxCredits(model.pricing, { inputTokens: facts.inputTokens, maxOutputTokens }, facts.at) <= available);
  if (!fits(1) || fits(facts.allowance)) return error;
  // The largest allowance that fits, by bisection: fits(affordable) holds, fits(beyond) does not.
  let affordable = 1;
  let beyond = facts.allowance;
  while (beyond - affordable > 1) {
    const middle = Math.floor((affordable + beyond) / 2);
    if (fits(middle)) affordable = middle;
    else beyond = middle;
  }
  return gatewayErrors.create('BSK_GATEWAY_OUTPUT_UNAFFORDABLE', {
    available, needed: error.details.needed, allowance: facts.allowance, affordable, field: facts.field,
    source: facts.maxTokensSent ? `its ${facts.field}` : `the model's output limit, as it sets no ${facts.field}`,
  }, { cause: error });
}
