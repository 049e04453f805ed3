import type { Usage } from '../../../kernel/canonical/usage';

export interface MessagesUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens: number;
  readonly cache_creation_input_tokens: number;
}

/**
 * Anthropic's `input_tokens` counts only the uncached, unwritten part of the prompt, while
 * canonical `inputTokens` counts all of it: subtract, never copy.
 */
export function toWireInputTokens(usage: Pick<Usage, 'inputTokens' | 'cachedInputTokens' | 'cacheWriteTokens'>): number {
  return Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
}

export function toMessagesUsage(usage: Usage): MessagesUsage {
  return {
    input_tokens: toWireInputTokens(usage),
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
  };
}
