import type { ModelCatalogEntry } from '../openai-chat/model-catalog';
import { type OpenAIChatPreset, reasoningContentPreset } from '../openai-chat/openai-chat-preset';
import { presetProviderFactory } from '../openai-chat/preset-provider';
import { kimiWireShape } from './kimi-wire-shape';
import models from './models.json';

export const kimiPreset: OpenAIChatPreset = { ...reasoningContentPreset('https://api.moonshot.ai/v1'), wireShape: kimiWireShape };

/** The `kimi` provider: Moonshot's OpenAI-compatible API (Kimi K2, K2.5). */
export const createKimiProvider = presetProviderFactory('kimi', kimiPreset, models as readonly ModelCatalogEntry[]);
