import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ReasoningConfig, ReasoningEffort } from '../../../kernel/canonical/request';
import type { OpenAIChatWireShape } from './openai-chat-preset';
import { toolCallLacksReasoning } from './tool-loop-reasoning';

/**
 * Upstreams with a thinking switch (OpenAIChatWireShape.thinkingSwitch): DeepSeek takes
 * `thinking: {type: "enabled"|"disabled"}` (on by default, at effort high) and `reasoning_effort`
 * low, high or max, and reads minimal as low, medium and xhigh as high
 * (https://api-docs.deepseek.com/guides/thinking_mode). The translated path writes the effort it
 * will run at.
 */
const SWITCHED_EFFORTS: Readonly<Record<ReasoningEffort, 'low' | 'high' | 'max'>> = { minimal: 'low', low: 'low', medium: 'high', high: 'high', xhigh: 'high', max: 'max' };

export function switchedEffort(effort: ReasoningEffort): 'low' | 'high' | 'max' {
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

/** Whether a passthrough body thinks on `model`: by the entry's fixed mode, else unless the client turned it off (on is the upstream default). */
function passthroughThinks(body: Record<string, unknown>, model: ModelInfo): boolean {
  if (model.thinking !== undefined) return model.thinking === 'enabled';
  return body.reasoning_effort !== 'none' && (body.thinking as { type?: unknown } | undefined)?.type !== 'disabled';
}

/**
 * A passthrough body as a thinking-switch upstream takes it, changed only where needed: an
 * entry's fixed mode is set over the client's `thinking`, and `reasoning_effort: "none"` (OpenAI's
 * way to stop reasoning, not among the efforts DeepSeek takes) becomes the switch turned off. A
 * body that would think with a tool call the upstream refuses without its reasoning goes with the
 * switch off instead (tool-loop-reasoning.ts). An effort goes nowhere with thinking off. Other
 * bodies go as they came.
 */
export function withThinkingSwitch(body: Record<string, unknown>, model: ModelInfo, shape: OpenAIChatWireShape): Record<string, unknown> {
  const turnedOff = body.reasoning_effort === 'none';
  const lacksReasoning = Boolean(shape.toolCallsNeedReasoning) && passthroughThinks(body, model) && Array.isArray(body.messages) && toolCallLacksReasoning(body.messages);
  if (model.thinking === undefined && !turnedOff && !lacksReasoning) return body;
  const type = lacksReasoning ? 'disabled' : model.thinking ?? 'disabled';
  if (type === 'enabled' && !turnedOff) return { ...body, thinking: { type } };
  const { reasoning_effort: _dropped, ...rest } = body;
  return { ...rest, thinking: { type } };
}
