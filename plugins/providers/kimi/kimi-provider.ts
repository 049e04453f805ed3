import type { ChatProvider } from '../../../kernel/canonical/provider';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import type { OpenAIChatPreset } from '../openai-chat/openai-chat-preset';
import { createOpenAIChatProvider, type PresetProviderOptions } from '../openai-chat/openai-chat-provider';
import models from './models.json';

export const kimiPreset: OpenAIChatPreset = {
  defaultBaseUrl: 'https://api.moonshot.ai/v1',
  requiresApiKey: true,
  // kimi-k2-thinking keeps reasoning across tool calls only when reasoning_content comes back.
  sendReasoningBack: true,
  wireShape: () => ({ maxTokensField: 'max_tokens', systemRole: 'system', unsupportedFields: ['reasoning_effort'] }),
};

/** The `kimi` provider: Moonshot's OpenAI-compatible API (Kimi K2). */
export function createKimiProvider(options: PresetProviderOptions): ChatProvider {
  const name = options.name ?? 'kimi';
  return createOpenAIChatProvider(kimiPreset, { ...options, name, models: buildModelCatalog(name, models as readonly ModelCatalogEntry[]) });
}
