import type { ModelInfo } from '../../../kernel/canonical/model';
import type { THINKING_BUDGET_BY_EFFORT } from '../shared/thinking-budgets';
import type { GeminiThinkingLevel } from './gemini-wire-types';

/**
 * The budgets a model's `thinkingBudget` may take, from its catalog entry: the API refuses
 * others (400). 0 turns thinking off, which only `canTurnOff` models allow (2.5 Pro does not).
 */
export interface ThinkingBudgetRange {
  readonly min: number;
  readonly max: number;
  readonly canTurnOff: boolean;
}

export type Effort = keyof typeof THINKING_BUDGET_BY_EFFORT;

/**
 * Gemini 3 takes a `thinkingLevel` instead of a budget: its catalog entry names the level each
 * reasoning effort becomes, only levels the model takes (the API refuses others with a 400).
 */
export type ThinkingLevels = Readonly<Record<Effort, GeminiThinkingLevel>>;

/**
 * A Gemini catalog entry (`models.json`), as the router hands it back: the entry itself, extra
 * fields kept. A model added by config has none of them: the shared config schema has no field
 * for them.
 */
export type GeminiModelInfo = ModelInfo & {
  readonly thinkingBudget?: ThinkingBudgetRange;
  readonly thinkingLevels?: ThinkingLevels;
  /** Gemini 3: a function call of the current turn sent back without its thought signature is a 400. */
  readonly validatesThoughtSignatures?: boolean;
};
