import { countOf, makeUsage, type Usage } from '../../../kernel/canonical/usage';
import type { AnthropicUsage } from './anthropic-wire-types';

/**
 * Anthropic's `input_tokens` counts only the uncached part of the prompt; the canonical
 * `inputTokens` is the whole prompt, so cache reads and writes are added back in. The writes
 * to the one-hour cache (`cache_creation`) are kept apart: they bill at their own price.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const cachedInputTokens = countOf(usage?.cache_read_input_tokens);
  const cacheWriteTokens = countOf(usage?.cache_creation_input_tokens);
  return makeUsage({
    inputTokens: countOf(usage?.input_tokens) + cachedInputTokens + cacheWriteTokens,
    outputTokens: countOf(usage?.output_tokens),
    cachedInputTokens,
    cacheWriteTokens,
    cacheWrite1hTokens: Math.min(countOf(usage?.cache_creation?.ephemeral_1h_input_tokens), cacheWriteTokens),
  });
}

/**
 * `message_delta` usage is cumulative but may omit fields (older streams send only
 * `output_tokens`): fields it carries replace those from `message_start`, the rest stay.
 */
export function mergeAnthropicUsage(previous: AnthropicUsage, update: AnthropicUsage | null | undefined): AnthropicUsage {
  const merged: AnthropicUsage = { ...previous };
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    const value = update?.[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (update?.cache_creation) merged.cache_creation = update.cache_creation;
  return merged;
}
