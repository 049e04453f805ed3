import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ReasoningConfig, ReasoningEffort } from '../../../kernel/canonical/request';

/**
 * Upstreams with a thinking switch (OpenAIChatWireShape.thinkingSwitch): DeepSeek takes
 * `thinking: {type: "enabled"|"disabled"}` (on by default, at effort high) and `reasoning_effort`
 * low, high or max, and reads minimal as low and medium as high
 * (https://api-docs.deepseek.com/guides/thinking_mode). The translated path writes the effort it
 * will run at.
 */
const SWITCHED_EFFORTS: Readonly<Record<ReasoningEffort, 'low' | 'high'>> = { minimal: 'low', low: 'low', medium: 'high', high: 'high' };

export function switchedEffort(effort: ReasoningEffort): 'low' | 'high' {
  return SWITCHED_EFFORTS[effort];
}

/**
 * The thinking a request gets on `model`: the mode a catalog entry fixes (deepseek-chat off,
 * deepseek-reasoner on, at the client's effort), else the client's own; undefined leaves the
 * upstream's default.
 */
export function thinkingWanted(reasoning: ReasoningConfig | undefined, model: ModelInfo): ReasoningConfig | undefined {
  if (model.thinking === 'disabled') return { enabled: false };
  if (model.thinking === 'enabled') return reasoning?.enabled ? reasoning : { enabled: true };
  return reasoning;
}

/**
 * A passthrough body as a thinking-switch upstream takes it, changed only where needed: an
 * entry's fixed mode is set over the client's `thinking`, and `reasoning_effort: "none"` (OpenAI's
 * way to stop reasoning, not among the efforts DeepSeek takes) becomes the switch turned off.
 * An effort goes nowhere with thinking off. Other bodies go as they came.
 */
export function withThinkingSwitch(body: Record<string, unknown>, model: ModelInfo): Record<string, unknown> {
  const turnedOff = body.reasoning_effort === 'none';
  if (model.thinking === undefined && !turnedOff) return body;
  const type = model.thinking ?? 'disabled';
  if (type === 'enabled' && !turnedOff) return { ...body, thinking: { type } };
  const { reasoning_effort: _dropped, ...rest } = body;
  return { ...rest, thinking: { type } };
}
