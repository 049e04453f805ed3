import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { TurnMetrics } from '../providers/dosia-provider';

export function addUsage(total: Usage, more: Usage): Usage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    cachedInputTokens: total.cachedInputTokens + more.cachedInputTokens,
    cacheWriteTokens: total.cacheWriteTokens + more.cacheWriteTokens,
    cacheWrite1hTokens: total.cacheWrite1hTokens + more.cacheWrite1hTokens,
    reasoningTokens: total.reasoningTokens + more.reasoningTokens,
  };
}

/** Usage and credits of several model calls; credits stay null unless some call reported them. */
export function sumMetrics(metrics: readonly TurnMetrics[]): { usage: Usage; credits: number | null; requestIds: string[] } {
  const credits = metrics.flatMap((entry) => (entry.credits === null ? [] : [entry.credits]));
  return {
    usage: metrics.reduce((total, entry) => addUsage(total, entry.usage), EMPTY_USAGE),
    credits: credits.length ? credits.reduce((sum, value) => sum + value, 0) : null,
    requestIds: metrics.flatMap((entry) => (entry.requestId ? [entry.requestId] : [])),
  };
}
