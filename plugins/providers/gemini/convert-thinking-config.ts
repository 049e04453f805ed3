import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ReasoningConfig } from '../../../kernel/canonical/request';
import { budgetEffort, THINKING_BUDGET_BY_EFFORT } from '../shared/thinking-budgets';
import type { Effort, GeminiModelInfo, ThinkingBudgetRange, ThinkingLevels } from './gemini-model-info';
import type { GeminiThinkingConfig } from './gemini-wire-types';

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

/** The effort a token budget buys, as for Claude: the largest whose budget it reaches, else the least. */
function effortOfBudget(budget: number): Effort {
  const efforts = (Object.keys(THINKING_BUDGET_BY_EFFORT) as Effort[]).filter((effort) => THINKING_BUDGET_BY_EFFORT[effort] <= budget);
  return efforts.at(-1) ?? 'minimal';
}

/** Reasoning to a level: the effort's, else the budget's effort's; on with neither leaves the model's default level. */
function convertToThinkingLevel(reasoning: ReasoningConfig, model: ModelInfo, levels: ThinkingLevels, warnings: string[]): GeminiThinkingConfig {
  if (!reasoning.enabled) {
    warnings.push(`thinking kept at level ${levels.minimal}: ${model.id} cannot turn it off`);
    return { thinkingLevel: levels.minimal };
  }
  const effort = reasoning.effort ?? (reasoning.budgetTokens === undefined ? undefined : effortOfBudget(reasoning.budgetTokens));
  return { includeThoughts: true, ...(effort ? { thinkingLevel: levels[budgetEffort(effort, warnings)] } : {}) };
}

/**
 * Canonical reasoning to `thinkingConfig`: a level for models that take levels (Gemini 3), else
 * off → budget 0 (the minimum where thinking cannot be
 * turned off); on → thought summaries with the given budget, else the effort's, else a dynamic
 * one, fitted to the model. No reasoning setting leaves the model's default.
 */
export function convertThinkingConfig(reasoning: ReasoningConfig | undefined, model: ModelInfo, maxOutputTokens: number | undefined, warnings: string[]): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const levels = (model as GeminiModelInfo).thinkingLevels;
  if (levels) return convertToThinkingLevel(reasoning, model, levels, warnings);
  const range = (model as GeminiModelInfo).thinkingBudget;
  if (!range) return convertWithoutRange(reasoning, model, warnings);
  if (!reasoning.enabled) return turnThinkingOff(model, range, warnings);
  const wanted = reasoning.budgetTokens ?? (reasoning.effort ? THINKING_BUDGET_BY_EFFORT[budgetEffort(reasoning.effort, warnings)] : undefined);
  if (wanted === undefined) return { includeThoughts: true, thinkingBudget: DYNAMIC_BUDGET };
  return fitBudget(wanted, model, range, maxOutputTokens, warnings);
}
