/**
 * Token and unit counts of one request, in one convention for every provider:
 * `inputTokens` INCLUDES cached and cache-written tokens (OpenAI's `prompt_tokens`
 * convention; Anthropic's `input_tokens` excludes them, so adapters convert), and
 * `outputTokens` INCLUDES reasoning tokens.
 */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at the cached rate). */
  readonly cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (Anthropic `cache_creation_input_tokens`). */
  readonly cacheWriteTokens: number;
  /**
   * Part of `cacheWriteTokens` written to a one-hour cache (Anthropic's `ttl: "1h"`), which
   * costs more than the default five minutes (Anthropic `cache_creation.ephemeral_1h_input_tokens`).
   */
  readonly cacheWrite1hTokens: number;
  /** Part of `outputTokens` spent on reasoning. */
  readonly reasoningTokens: number;
}

/** Counts for the non-chat modalities (images, video seconds, rerank searches, embedding tokens use inputTokens). */
export interface UnitUsage {
  readonly images?: number;
  readonly videoSeconds?: number;
  readonly searches?: number;
  /** Image tokens of a prompt (images to edit), part of `inputTokens`: billed at `imageInputPerMTok`. */
  readonly imageInputTokens?: number;
}

export type BillableUsage = Partial<Usage> & UnitUsage;

export const EMPTY_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 });

/** Non-negative integer or 0: upstream usage fields are sometimes null, missing or (rarely) negative. */
export function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function makeUsage(partial: Partial<Usage>): Usage {
  return {
    inputTokens: countOf(partial.inputTokens),
    outputTokens: countOf(partial.outputTokens),
    cachedInputTokens: countOf(partial.cachedInputTokens),
    cacheWriteTokens: countOf(partial.cacheWriteTokens),
    cacheWrite1hTokens: countOf(partial.cacheWrite1hTokens),
    reasoningTokens: countOf(partial.reasoningTokens),
  };
}
