/**
 * Thinking tokens a reasoning effort buys, for the providers that take a budget instead of an
 * effort (Anthropic, Gemini): one table, so an effort buys about as much thinking on either.
 */
export const THINKING_BUDGET_BY_EFFORT = { minimal: 1024, low: 2048, medium: 8192, high: 16384 } as const;
