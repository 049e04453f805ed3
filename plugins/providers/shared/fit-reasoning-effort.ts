import { MODEL_REASONING_EFFORTS, type ModelReasoningEffort, type ReasoningEffort } from '../../../kernel/canonical/request';

/**
 * A request's effort as `model` takes it. Models refuse an effort they do not take (GPT-5.1 and
 * later: `minimal`; GPT-5: `xhigh`; Claude: `minimal`), so such an effort becomes the next one up
 * the model takes, else its highest, with a warning. `none` never stands in for a reasoning
 * effort: the client asked the model to reason.
 */
export function fitReasoningEffort(effort: ReasoningEffort, accepted: readonly ModelReasoningEffort[], modelId: string, warnings: string[]): ReasoningEffort {
  if (accepted.includes(effort)) return effort;
  const rank = MODEL_REASONING_EFFORTS.indexOf(effort);
  const reasoningEfforts = accepted.filter((candidate): candidate is ReasoningEffort => candidate !== 'none');
  const fitted = reasoningEfforts.find((candidate) => MODEL_REASONING_EFFORTS.indexOf(candidate) > rank) ?? reasoningEfforts.at(-1) ?? effort;
  if (fitted !== effort) warnings.push(`reasoning effort ${effort} sent as ${fitted}: ${modelId} takes ${reasoningEfforts.join(', ')}`);
  return fitted;
}
