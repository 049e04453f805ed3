import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ModelReasoningEffort, ReasoningConfig } from '../../../kernel/canonical/request';
import { fitReasoningEffort } from '../shared/fit-reasoning-effort';
import type { AnthropicEffort, AnthropicRequestBody } from './anthropic-wire-types';

/**
 * The efforts a model takes when its catalog entry does not list them (`reasoningEfforts`):
 * `low` to `high`, which every Claude model with the effort parameter takes; `xhigh` and `max`
 * only some (platform.claude.com/docs/en/build-with-claude/effort), so only an entry that lists
 * them is sent them. `minimal` (GPT-5's lowest) becomes `low`.
 */
const COMMON_EFFORTS: readonly ModelReasoningEffort[] = ['low', 'medium', 'high'];

export type AdaptiveThinking = Pick<AnthropicRequestBody, 'thinking' | 'output_config'>;

/**
 * Reasoning for a model that always reasons (models.json `reasoningAlwaysOn`). Claude Opus 5.5
 * refuses `thinking: {type: "disabled"}` and every budget (`"thinking.type.enabled" is not
 * supported for this model`); the other Claude 5 models think unless turned off. Asked for,
 * reasoning is adaptive thinking at the client's effort; a budget alone leaves the model's default
 * effort; turned off, it is the lowest effort, the nearest Claude has to none. No reasoning config
 * leaves the model's default.
 */
export function convertAdaptiveThinking(reasoning: ReasoningConfig | undefined, model: ModelInfo, warnings: string[]): AdaptiveThinking {
  if (!reasoning) return {};
  if (!reasoning.enabled) {
    warnings.push('thinking stays on at effort low: this model cannot turn it off');
    return { output_config: { effort: 'low' } };
  }
  if (reasoning.budgetTokens !== undefined) warnings.push('thinking budget dropped: this model takes an effort instead');
  if (!reasoning.effort) return { thinking: { type: 'adaptive' } };
  // Every effort but `minimal` is one of Claude's, and fitting never lands on `minimal` from its list.
  const effort = fitReasoningEffort(reasoning.effort, model.reasoningEfforts ?? COMMON_EFFORTS, model.id, warnings) as AnthropicEffort;
  return { thinking: { type: 'adaptive' }, output_config: { effort } };
}
