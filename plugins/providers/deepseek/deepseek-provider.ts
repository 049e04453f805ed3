import type { ChatProvider } from '../../../kernel/canonical/provider';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import type { OpenAIChatPreset } from '../openai-chat/openai-chat-preset';
import { createOpenAIChatProvider, type PresetProviderOptions } from '../openai-chat/openai-chat-provider';
import models from './models.json';

export const deepSeekPreset: OpenAIChatPreset = {
  defaultBaseUrl: 'https://api.deepseek.com',
  requiresApiKey: true,
  // In thinking mode DeepSeek continues a tool-calling turn only with its reasoning_content.
  sendReasoningBack: true,
  // Reasoning depth is fixed by the model choice (deepseek-reasoner); there is no effort knob.
  wireShape: () => ({ maxTokensField: 'max_tokens', systemRole: 'system', unsupportedFields: ['reasoning_effort'] }),
};

/** The `deepseek` provider: DeepSeek's OpenAI-compatible API with cache-hit usage fields. */
export function createDeepSeekProvider(options: PresetProviderOptions): ChatProvider {
  const name = options.name ?? 'deepseek';
  return createOpenAIChatProvider(deepSeekPreset, { ...options, name, models: buildModelCatalog(name, models as readonly ModelCatalogEntry[]) });
}
