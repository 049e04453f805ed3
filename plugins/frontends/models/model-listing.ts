import type { ModelInfo } from '../../../kernel/canonical/model';

/** ByteSpike's extension field on every listed model; clients that do not know it ignore it. */
function extension(model: ModelInfo) {
  return {
    provider: model.provider,
    modality: model.modality,
    context_window: model.contextWindow ?? null,
    max_output_tokens: model.maxOutputTokens ?? null,
    capabilities: model.capabilities,
    aliases: model.aliases,
    pricing: { unit: 'credits (1 credit = 1 micro-USD); token prices per million tokens', ...model.pricing },
    // Only for a model served in some protocols alone (OpenAI's Responses-only ones): the others reach it translated.
    ...(model.protocols ? { protocols: model.protocols } : {}),
    // Only for a model its provider retires: the first day it is refused, and what to use instead.
    ...(model.retiresAt ? { retires_at: model.retiresAt, replacement: model.replacement ?? null } : {}),
  };
}

function createdSeconds(model: ModelInfo): number {
  return model.releasedAt ? Math.floor(Date.parse(model.releasedAt) / 1000) : 0;
}

export function toOpenAIModel(model: ModelInfo) {
  return { id: model.id, object: 'model', created: createdSeconds(model), owned_by: model.provider, bytespike: extension(model) };
}

export function toAnthropicModel(model: ModelInfo) {
  return { type: 'model', id: model.id, display_name: model.displayName, created_at: new Date(createdSeconds(model) * 1000).toISOString(), bytespike: extension(model) };
}

export function toOpenAIList(models: readonly ModelInfo[]) {
  return { object: 'list', data: models.map(toOpenAIModel) };
}

/** One page of Anthropic's list; `hasMore` says whether more lie beyond it (see model-page.ts). */
export function toAnthropicList(models: readonly ModelInfo[], hasMore = false) {
  const data = models.map(toAnthropicModel);
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
