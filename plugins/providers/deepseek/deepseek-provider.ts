import type { ModelCatalogEntry } from '../openai-chat/model-catalog';
import { reasoningContentPreset } from '../openai-chat/openai-chat-preset';
import { presetProviderFactory } from '../openai-chat/preset-provider';
import models from './models.json';

/** DeepSeek refuses content parts outside user messages (cline#230, litellm#6642, qwen-code#2320); no report says so of Moonshot. */
export const deepSeekPreset = reasoningContentPreset('https://api.deepseek.com', { stringContentRoles: ['system', 'assistant', 'tool'] });

/** The `deepseek` provider: DeepSeek's OpenAI-compatible API with cache-hit usage fields. */
export const createDeepSeekProvider = presetProviderFactory('deepseek', deepSeekPreset, models as readonly ModelCatalogEntry[]);
