import { countOf, makeUsage, type Usage } from '../../../kernel/canonical/usage';
import type { GeminiUsageMetadata } from './gemini-wire-types';

/**
 * `promptTokenCount` already includes `cachedContentTokenCount` (the canonical convention);
 * tool-use prompt tokens are billed as input too. Output is the visible candidates plus
 * the thoughts, which Gemini counts apart.
 */
export function mapGeminiUsage(usage: GeminiUsageMetadata | undefined): Usage {
  const reasoningTokens = countOf(usage?.thoughtsTokenCount);
  return makeUsage({
    inputTokens: countOf(usage?.promptTokenCount) + countOf(usage?.toolUsePromptTokenCount),
    outputTokens: countOf(usage?.candidatesTokenCount) + reasoningTokens,
    cachedInputTokens: countOf(usage?.cachedContentTokenCount),
    reasoningTokens,
  });
}

/** Chunks that carry only `trafficType` (streamed tool arguments) are not a usage report. */
export function hasGeminiUsage(usage: GeminiUsageMetadata | undefined): usage is GeminiUsageMetadata {
  return usage?.promptTokenCount !== undefined || usage?.candidatesTokenCount !== undefined;
}
