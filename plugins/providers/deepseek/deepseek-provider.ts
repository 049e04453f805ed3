import type { ChatProvider } from '../../../kernel/canonical/provider';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import { reasoningContentPreset } from '../openai-chat/openai-chat-preset';
import { createOpenAIChatProvider, type PresetProviderOptions } from '../openai-chat/openai-chat-provider';
import { withConfiguredModels } from '../shared/configured-models';
import models from './models.json';
import { withOffPeakDates } from './with-off-peak-dates';

/**
 * DeepSeek refuses content parts outside user messages (cline#230, litellm#6642, qwen-code#2320);
 * no report says so of Moonshot. Its V4 models think unless told not to, by its thinking switch,
 * take `reasoning_effort`, and, thinking, answer 400 to a tool-call turn sent back without its
 * `reasoning_content` (https://api-docs.deepseek.com/guides/thinking_mode).
 */
export const deepSeekPreset = reasoningContentPreset('https://api.deepseek.com', { stringContentRoles: ['system', 'assistant', 'tool'], unsupportedFields: [], thinkingSwitch: true, toolCallsNeedReasoning: true });

export interface DeepSeekProviderOptions extends PresetProviderOptions {
  /** Beijing dates billed off-peak all day (the plugin config's `offPeakDates`). */
  readonly offPeakDates?: readonly string[] | undefined;
}

/** The `deepseek` provider: DeepSeek's OpenAI-compatible API with cache-hit usage fields. */
export function createDeepSeekProvider({ configuredModels, offPeakDates, ...options }: DeepSeekProviderOptions): ChatProvider {
  const name = options.name ?? 'deepseek';
  const catalog = withConfiguredModels(name, buildModelCatalog(name, models as readonly ModelCatalogEntry[]), configuredModels);
  return createOpenAIChatProvider(deepSeekPreset, { ...options, name, models: withOffPeakDates(catalog, offPeakDates) });
}
