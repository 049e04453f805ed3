import type { ReasoningEffort } from '../../../kernel/canonical/request';

/**
 * Thinking tokens a reasoning effort buys, for the providers that take a budget instead of an
 * effort (Anthropic, Gemini): one table, so an effort buys about as much thinking on either.
 */
export const THINKING_BUDGET_BY_EFFORT = { minimal: 1024, low: 2048, medium: 8192, high: 16384 } as const;

export type BudgetEffort = keyof typeof THINKING_BUDGET_BY_EFFORT;

/**
 * The table's effort for a request's: `xhigh` and `max`, which only effort-taking models define
 * (GPT-5.4, Claude's adaptive thinking, DeepSeek), go as `high`, the most the table says, with a
 * warning, rather than a budget no provider documents for them.
 */
export function budgetEffort(effort: ReasoningEffort, warnings: string[]): BudgetEffort {
  if (effort !== 'xhigh' && effort !== 'max') return effort;
  warnings.push(`reasoning effort ${effort} sent as high: this model takes no effort past high`);
  return 'high';
}
