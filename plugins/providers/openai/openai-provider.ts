import type { ModelCatalogEntry } from '../openai-chat/model-catalog';
import type { OpenAIChatPreset, OpenAIChatWireShape } from '../openai-chat/openai-chat-preset';
import { presetProviderFactory } from '../openai-chat/preset-provider';
import { openAIResponsesProtocol } from '../openai-responses/openai-responses-protocol';
import { openAIResponsesTranslation } from '../openai-responses/responses-translation';
import models from './models.json';

/** GPT-5 (but not the non-reasoning `gpt-5-chat`) and the o-series reason before answering. */
const REASONING_MODEL = /^(o\d|gpt-5(?!-chat))/;

// Reasoning models reject sampling and stop parameters outright (HTTP 400), and take the
// system prompt as a `developer` message. Every OpenAI model accepts max_completion_tokens;
// max_tokens is deprecated and refused by the reasoning models.
const REASONING_SHAPE: OpenAIChatWireShape = { maxTokensField: 'max_completion_tokens', systemRole: 'developer', unsupportedFields: ['temperature', 'top_p', 'stop'] };
const CHAT_SHAPE: OpenAIChatWireShape = { maxTokensField: 'max_completion_tokens', systemRole: 'system', unsupportedFields: ['reasoning_effort'], maxStopSequences: 4 };

export const openAIPreset: OpenAIChatPreset = {
  defaultBaseUrl: 'https://api.openai.com/v1',
  requiresApiKey: true,
  sendReasoningBack: false,
  wireShape: (upstreamId) => (REASONING_MODEL.test(upstreamId) ? REASONING_SHAPE : CHAT_SHAPE),
  alsoSpeaks: (connection) => ({ 'openai-responses': openAIResponsesProtocol(connection) }),
  translateVia: (connection, logger) => openAIResponsesTranslation(connection, { applies: (model) => REASONING_MODEL.test(model.upstreamId), logger }),
};

/** The `openai` provider: Chat Completions on api.openai.com (or OPENAI_BASE_URL), and the Responses API natively. */
export const createOpenAIProvider = presetProviderFactory('openai', openAIPreset, models as readonly ModelCatalogEntry[]);
