import { PLAIN_WIRE_SHAPE, type OpenAIChatPreset } from '../../../plugins/providers/openai-chat/openai-chat-preset';
import { convertToOpenAIChatRequest } from '../../../plugins/providers/openai-chat/convert-to-openai-chat-request';
import { OpenAIChatStreamParser } from '../../../plugins/providers/openai-chat/openai-chat-stream-parser';
import { readOpenAIError } from '../../../plugins/providers/openai-chat/read-openai-error';
import { readUsageCredits } from './read-wire-stream';
import type { WireProtocol } from './wire-protocol';

/** Every OpenAI-compatible server (Ollama, vLLM, OpenRouter) takes the plain shape. */
const COMPATIBLE_PRESET: OpenAIChatPreset = { requiresApiKey: false, sendReasoningBack: false, wireShape: () => PLAIN_WIRE_SHAPE };

/** The Chat Completions wire, for any OpenAI-compatible URL (written with or without `/v1`). */
export const openaiWire: WireProtocol = {
  headers: (key): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {}),
  chatPath: 'v1/chat/completions',
  modelsPath: () => 'v1/models',
  buildBody: (request, model) => convertToOpenAIChatRequest(request, model, COMPATIBLE_PRESET),
  createReader(model, onCredits) {
    const parser = new OpenAIChatStreamParser(model);
    return {
      push(event) {
        // ByteSpike's OpenAI side puts the settled cost in the final usage chunk: usage.bytespike_credits.
        const credits = readUsageCredits(event.data, (payload) => payload.usage);
        if (credits !== null) onCredits(credits);
        return parser.pushData(event.data);
      },
      end: () => parser.end(),
    };
  },
  readErrorBody: readOpenAIError,
};
