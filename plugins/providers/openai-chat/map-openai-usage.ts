import { countOf, makeUsage, type Usage } from '../../../kernel/canonical/usage';
import type { OpenAIChatUsage } from './openai-chat-wire';

/**
 * Chat Completions usage to canonical usage. `prompt_tokens` already includes cached
 * tokens (the canonical convention), and `completion_tokens` includes reasoning. Cached
 * tokens are reported in three places depending on the upstream: OpenAI's
 * `prompt_tokens_details.cached_tokens`, DeepSeek's `prompt_cache_hit_tokens`, Kimi's
 * top-level `cached_tokens`. They never add up (DeepSeek sends the first two with the same
 * count), so the largest one is the count.
 */
export function mapOpenAIUsage(usage: OpenAIChatUsage | null | undefined): Usage {
  return makeUsage({
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: Math.max(countOf(usage?.prompt_tokens_details?.cached_tokens), countOf(usage?.prompt_cache_hit_tokens), countOf(usage?.cached_tokens)),
    cacheWriteTokens: 0,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  });
}
