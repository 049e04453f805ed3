import type { ModelCatalogEntry } from '../openai-chat/model-catalog';
import { reasoningContentPreset } from '../openai-chat/openai-chat-preset';
import { presetProviderFactory } from '../openai-chat/preset-provider';
import models from './models.json';

export const deepSeekPreset = reasoningContentPreset('https://api.deepseek.com');

/** The `deepseek` provider: DeepSeek's OpenAI-compatible API with cache-hit usage fields. */
export const createDeepSeekProvider = presetProviderFactory('deepseek', deepSeekPreset, models as readonly ModelCatalogEntry[]);
