import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest, ResponseFormat, ToolChoice } from '../../../kernel/canonical/request';
import { convertJsonSchemaForGemini } from './convert-json-schema-for-gemini';
import { convertThinkingConfig } from './convert-thinking-config';
import { convertToGeminiContents } from './convert-to-gemini-contents';
import type { GeminiModelInfo } from './gemini-model-info';
import type { GeminiGenerationConfig, GeminiRequestBody } from './gemini-wire-types';
import { signUnsignedFunctionCalls } from './sign-unsigned-function-calls';

export interface GeminiRequestConversion {
  readonly body: GeminiRequestBody;
  /** What was dropped or changed, for a debug log. */
  readonly warnings: readonly string[];
}

function convertToolConfig(choice: ToolChoice | undefined): GeminiRequestBody['toolConfig'] {
  if (!choice) return undefined;
  if (choice.type === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice.type === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (choice.type === 'tool') return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  return { functionCallingConfig: { mode: 'AUTO' } };
}

/** Gemini refuses more than five (400); an Anthropic client may send more. */
const MAX_STOP_SEQUENCES = 5;

/** Past Gemini's limit the first ones are kept, as the OpenAI adapter keeps its first four. */
function convertStopSequences(stop: readonly string[], warnings: string[]): Partial<GeminiGenerationConfig> {
  if (!stop.length) return {};
  if (stop.length > MAX_STOP_SEQUENCES) warnings.push(`stop sequences after the first ${MAX_STOP_SEQUENCES} dropped: Gemini takes at most ${MAX_STOP_SEQUENCES}`);
  return { stopSequences: stop.slice(0, MAX_STOP_SEQUENCES) };
}

function convertResponseFormat(format: ResponseFormat | undefined): Partial<GeminiGenerationConfig> {
  if (!format || format.type === 'text') return {};
  if (format.type === 'json-object') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: convertJsonSchemaForGemini(format.schema) };
}

function convertGenerationConfig(request: CanonicalRequest, model: ModelInfo, warnings: string[]): GeminiGenerationConfig {
  const thinkingConfig = convertThinkingConfig(request.reasoning, model, request.maxTokens ?? model.maxOutputTokens, warnings);
  return {
    ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { topP: request.topP }),
    ...(request.topK === undefined ? {} : { topK: request.topK }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...convertStopSequences(request.stop, warnings),
    ...convertResponseFormat(request.responseFormat),
    ...(thinkingConfig ? { thinkingConfig } : {}),
  };
}

/** Canonical request to a `generateContent` body (the same body streams; the URL decides). */
export function convertToGeminiRequest(request: CanonicalRequest, model: ModelInfo): GeminiRequestConversion {
  const warnings: string[] = [];
  const contents = convertToGeminiContents(request.messages, warnings);
  if ((model as GeminiModelInfo).validatesThoughtSignatures) signUnsignedFunctionCalls(contents, warnings);
  // Gemini caches prompts implicitly; explicit cache markers have nowhere to go.
  if (request.system.some((part) => part.cacheControl) || request.tools.some((tool) => tool.cacheControl)) warnings.push('cache_control dropped: Gemini caches implicitly');
  const generationConfig = convertGenerationConfig(request, model, warnings);
  const toolConfig = request.tools.length ? convertToolConfig(request.toolChoice) : undefined;
  const body: GeminiRequestBody = {
    contents,
    ...(request.system.length ? { systemInstruction: { parts: request.system.map((part) => ({ text: part.text })) } } : {}),
    ...(request.tools.length
      ? { tools: [{ functionDeclarations: request.tools.map((tool) => ({ name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parametersJsonSchema: convertJsonSchemaForGemini(tool.inputSchema) })) }] }
      : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
  };
  return { body, warnings };
}
