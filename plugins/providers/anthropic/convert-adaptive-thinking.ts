import type { ReasoningConfig, ReasoningEffort } from '../../../kernel/canonical/request';
import type { AnthropicEffort, AnthropicRequestBody } from './anthropic-wire-types';

/**
 * The canonical efforts as Claude's: it takes low to max, and `minimal` (GPT-5's lowest) is
 * nearest its `low` (platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5).
 */
const EFFORT_BY_REASONING: Readonly<Record<ReasoningEffort, AnthropicEffort>> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high' };

export type AdaptiveThinking = Pick<AnthropicRequestBody, 'thinking' | 'output_config'>;

/**
 * Reasoning for a model that always reasons (models.json `reasoningAlwaysOn`). Claude Opus 5.5
 * refuses `thinking: {type: "disabled"}` and every budget (`"thinking.type.enabled" is not
 * supported for this model`); the other Claude 5 models think unless turned off. Asked for,
 * reasoning is adaptive thinking at the client's effort; a budget alone leaves the model's default
 * effort; turned off, it is the lowest effort, the nearest Claude has to none. No reasoning config
 * leaves the model's default.
 */
export function convertAdaptiveThinking(reasoning: ReasoningConfig | undefined, warnings: string[]): AdaptiveThinking {
  if (!reasoning) return {};
  if (!reasoning.enabled) {
    warnings.push('thinking stays on at effort low: this model cannot turn it off');
    return { output_config: { effort: 'low' } };
  }
  if (reasoning.budgetTokens !== undefined) warnings.push('thinking budget dropped: this model takes an effort instead');
  return { thinking: { type: 'adaptive' }, ...(reasoning.effort ? { output_config: { effort: EFFORT_BY_REASONING[reasoning.effort] } } : {}) };
}
