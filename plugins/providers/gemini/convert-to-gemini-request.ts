import type { CanonicalRequest, ReasoningConfig, ResponseFormat, ToolChoice } from '../../../kernel/canonical/request';
import { convertJsonSchemaForGemini } from './convert-json-schema-for-gemini';
import { convertToGeminiContents } from './convert-to-gemini-contents';
import type { GeminiGenerationConfig, GeminiRequestBody } from './gemini-wire-types';

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

/**
 * Reasoning on asks for thought summaries, with the budget when one is given (Gemini's own
 * dynamic budget otherwise). Reasoning off leaves the model's default: 2.5 Pro refuses a zero
 * budget, so turning thinking off is not something every model can do.
 */
function convertThinking(reasoning: ReasoningConfig | undefined): GeminiGenerationConfig['thinkingConfig'] {
  if (!reasoning?.enabled) return undefined;
  return { includeThoughts: true, ...(reasoning.budgetTokens === undefined ? {} : { thinkingBudget: reasoning.budgetTokens }) };
}

function convertResponseFormat(format: ResponseFormat | undefined): Partial<GeminiGenerationConfig> {
  if (!format || format.type === 'text') return {};
  if (format.type === 'json-object') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: convertJsonSchemaForGemini(format.schema) };
}

function convertGenerationConfig(request: CanonicalRequest): GeminiGenerationConfig {
  const thinkingConfig = convertThinking(request.reasoning);
  return {
    ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { topP: request.topP }),
    ...(request.topK === undefined ? {} : { topK: request.topK }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.stop.length ? { stopSequences: [...request.stop] } : {}),
    ...convertResponseFormat(request.responseFormat),
    ...(thinkingConfig ? { thinkingConfig } : {}),
  };
}

/** Canonical request to a `generateContent` body (the same body streams; the URL decides). */
export function convertToGeminiRequest(request: CanonicalRequest): GeminiRequestConversion {
  const warnings: string[] = [];
  const contents = convertToGeminiContents(request.messages, warnings);
  // Gemini caches prompts implicitly; explicit cache markers have nowhere to go.
  if (request.system.some((part) => part.cacheControl) || request.tools.some((tool) => tool.cacheControl)) warnings.push('cache_control dropped: Gemini caches implicitly');
  const generationConfig = convertGenerationConfig(request);
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
