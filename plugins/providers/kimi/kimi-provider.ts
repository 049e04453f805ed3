import type { ModelCatalogEntry } from '../openai-chat/model-catalog';
import { reasoningContentPreset } from '../openai-chat/openai-chat-preset';
import { presetProviderFactory } from '../openai-chat/preset-provider';
import models from './models.json';

export const kimiPreset = reasoningContentPreset('https://api.moonshot.ai/v1');

/** The `kimi` provider: Moonshot's OpenAI-compatible API (Kimi K2). */
export const createKimiProvider = presetProviderFactory('kimi', kimiPreset, models as readonly ModelCatalogEntry[]);
