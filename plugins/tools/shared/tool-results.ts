import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ListedModel } from './bytespike-api';
import { toolErrors } from './errors';

/** What a call cost, for people (text) and programs (`structuredContent`). */
export interface CallCost {
  readonly credits: number;
  readonly requestIds: readonly string[];
}

export function describeCost(cost: CallCost): string {
  return `ByteSpike credits: ${cost.credits} (1 credit = 1 micro-USD; request ${cost.requestIds.join(', ') || 'unknown'})`;
}

/** A result whose content ends with the cost line and whose structured part carries it. */
export function billedResult(content: CallToolResult['content'], cost: CallCost, structured: Record<string, unknown> = {}): CallToolResult {
  return {
    content: [...content, { type: 'text', text: describeCost(cost) }],
    structuredContent: { ...structured, credits: cost.credits, requestIds: [...cost.requestIds] },
  };
}

/** The ids of the key's models of one modality, in the gateway's order. */
export function modelsOf(models: readonly ListedModel[], modality: string): string[] {
  return models.filter((model) => model.modality === modality).map((model) => model.id);
}

/** The model a call names, or the first the key may use. */
export function chooseModel(requested: unknown, allowed: readonly string[], modality: string): string {
  if (typeof requested === 'string') return requested;
  const first = allowed[0];
  if (!first) throw toolErrors.create('BSK_TOOLS_NO_MODEL', { modality });
  return first;
}
