import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ReasoningConfig } from '../../../kernel/canonical/request';
import { THINKING_BUDGET_BY_EFFORT } from '../shared/thinking-budgets';
import type { GeminiThinkingConfig } from './gemini-wire-types';

/**
 * The budgets a model's `thinkingBudget` may take, from its catalog entry: the API refuses
 * others (400). 0 turns thinking off, which only `canTurnOff` models allow (2.5 Pro does not).
 */
interface ThinkingBudgetRange {
  readonly min: number;
  readonly max: number;
  readonly canTurnOff: boolean;
}

/**
 * A Gemini catalog entry, as the router hands it back (the entry itself, extra fields kept). A
 * model added by config has no range: the shared config schema has no field for one.
 */
type GeminiModelInfo = ModelInfo & { readonly thinkingBudget?: ThinkingBudgetRange };

/** The model decides; unlike leaving the budget out, this also turns on Flash-Lite, which does not think by default. */
const DYNAMIC_BUDGET = -1;
const THINKING_OFF = 0;

function turnThinkingOff(model: ModelInfo, range: ThinkingBudgetRange, warnings: string[]): GeminiThinkingConfig {
  if (range.canTurnOff) return { thinkingBudget: THINKING_OFF };
  warnings.push(`thinking kept at its minimum budget ${range.min}: ${model.id} cannot turn it off`);
  return { thinkingBudget: range.min };
}

/**
 * The budget clamped into the model's range and below `maxOutputTokens`, which thoughts count
 * against: a budget as large leaves no room for the answer. When even the minimum does not fit,
 * thinking is turned off where the model allows it, as the Anthropic provider leaves it off.
 */
function fitBudget(wanted: number, model: ModelInfo, range: ThinkingBudgetRange, maxOutputTokens: number | undefined, warnings: string[]): GeminiThinkingConfig {
  const ceiling = Math.min(range.max, (maxOutputTokens ?? Number.POSITIVE_INFINITY) - 1);
  if (ceiling < range.min && range.canTurnOff) {
    warnings.push(`thinking turned off: maxOutputTokens ${maxOutputTokens} leaves no room for ${model.id}'s minimum budget ${range.min}`);
    return { thinkingBudget: THINKING_OFF };
  }
  const budget = Math.max(range.min, Math.min(wanted, ceiling));
  if (budget !== wanted) warnings.push(`thinking budget ${wanted} changed to ${budget}: ${model.id} takes ${range.min}-${range.max}, below maxOutputTokens`);
  return { includeThoughts: true, thinkingBudget: budget };
}

/** A model with no known range: only what needs none is sent, as the client's explicit budget is. */
function convertWithoutRange(reasoning: ReasoningConfig, model: ModelInfo, warnings: string[]): GeminiThinkingConfig | undefined {
  if (!reasoning.enabled) {
    warnings.push(`reasoning off not sent: the catalog gives no thinking budget range for ${model.id}`);
    return undefined;
  }
  if (reasoning.budgetTokens === undefined && reasoning.effort) warnings.push(`reasoning effort ${reasoning.effort} not sent: the catalog gives no thinking budget range for ${model.id}`);
  return { includeThoughts: true, ...(reasoning.budgetTokens === undefined ? {} : { thinkingBudget: reasoning.budgetTokens }) };
}

/**
 * Canonical reasoning to `thinkingConfig`: off → budget 0 (the minimum where thinking cannot be
 * turned off); on → thought summaries with the given budget, else the effort's, else a dynamic
 * one, fitted to the model. No reasoning setting leaves the model's default.
 */
export function convertThinkingConfig(reasoning: ReasoningConfig | undefined, model: ModelInfo, maxOutputTokens: number | undefined, warnings: string[]): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const range = (model as GeminiModelInfo).thinkingBudget;
  if (!range) return convertWithoutRange(reasoning, model, warnings);
  if (!reasoning.enabled) return turnThinkingOff(model, range, warnings);
  const wanted = reasoning.budgetTokens ?? (reasoning.effort ? THINKING_BUDGET_BY_EFFORT[reasoning.effort] : undefined);
  if (wanted === undefined) return { includeThoughts: true, thinkingBudget: DYNAMIC_BUDGET };
  return fitBudget(wanted, model, range, maxOutputTokens, warnings);
}
