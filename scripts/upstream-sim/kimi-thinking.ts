import { asObject, asString, type JsonObject } from './json-access';

/**
 * Moonshot's models whose thinking a request turns on or off with `thinking: {type: "enabled" |
 * "disabled"}`, on when absent (platform.kimi.ai/docs/guide/use-kimi-k2-thinking-model), and whose
 * temperature is fixed: 1.0 thinking, 0.6 not (platform.kimi.ai/docs/guide/migrating-from-openai-to-kimi).
 */
const SWITCHABLE_THINKING_MODELS: readonly unknown[] = ['kimi-k2.5', 'kimi-k2.6'];

export function hasThinkingSwitch(body: JsonObject): boolean {
  return SWITCHABLE_THINKING_MODELS.includes(body.model);
}

/** Whether a Kimi request thinks: by its switch, or (older models) by the model's name or an explicit `thinking` enabled. */
export function kimiThinks(body: JsonObject): boolean {
  const type = asString(asObject(body.thinking).type);
  if (hasThinkingSwitch(body)) return type !== 'disabled';
  return String(body.model).includes('thinking') || type === 'enabled';
}
