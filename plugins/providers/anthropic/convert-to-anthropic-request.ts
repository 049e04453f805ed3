import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest, ReasoningConfig, ResponseFormat, ToolChoice } from '../../../kernel/canonical/request';
import type { AnthropicRequestBody, AnthropicTool, AnthropicToolChoice } from './anthropic-wire-types';
import { convertTextPart, convertToAnthropicMessages } from './convert-to-anthropic-messages';

/** The tool a JSON response format becomes; its arguments are the JSON answer (see convertResponseFormat). */
export const JSON_RESPONSE_TOOL = 'json';

const FALLBACK_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;
const THINKING_BUDGET_BY_EFFORT = { minimal: 1024, low: 2048, medium: 8192, high: 16384 } as const;

export interface AnthropicRequestConversion {
  readonly body: AnthropicRequestBody;
  /** Set when a JSON response format was mapped to a tool: that tool's input is the answer text. */
  readonly jsonResponseTool?: string;
  /** What was dropped or changed, for a debug log. */
  readonly warnings: readonly string[];
}

function convertToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): AnthropicToolChoice | undefined {
  const parallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (!choice) return parallelToolCalls === false ? { type: 'auto', ...parallel } : undefined;
  if (choice.type === 'none') return { type: 'none' };
  if (choice.type === 'required') return { type: 'any', ...parallel };
  if (choice.type === 'tool') return { type: 'tool', name: choice.name, ...parallel };
  return { type: 'auto', ...parallel };
}

/**
 * Thinking needs a budget of at least 1024 tokens below `max_tokens`. A budget that does
 * not fit is lowered to fit; when even the minimum does not fit, thinking is left off.
 */
function convertThinking(reasoning: ReasoningConfig | undefined, maxTokens: number, warnings: string[]): AnthropicRequestBody['thinking'] {
  if (!reasoning) return undefined;
  if (!reasoning.enabled) return { type: 'disabled' };
  const wanted = reasoning.budgetTokens ?? THINKING_BUDGET_BY_EFFORT[reasoning.effort ?? 'medium'];
  const budget = Math.min(Math.max(wanted, MIN_THINKING_BUDGET), maxTokens - 1);
  if (budget < MIN_THINKING_BUDGET) {
    warnings.push(`thinking left off: max_tokens ${maxTokens} leaves no room for the minimum budget`);
    return undefined;
  }
  return { type: 'enabled', budget_tokens: budget };
}

/**
 * Anthropic has no JSON mode. A JSON response format becomes a tool whose input schema is
 * the wanted schema (any object for `json-object`), and the model is made to call it; the
 * parsers turn that call back into text. With tools of the caller's own, forcing a tool
 * would change their meaning, so the format is dropped instead and reported.
 */
function convertResponseFormat(format: ResponseFormat | undefined, request: CanonicalRequest, warnings: string[]): AnthropicTool | undefined {
  if (!format || format.type === 'text') return undefined;
  if (request.tools.length > 0) {
    warnings.push('response_format dropped: Anthropic cannot combine a JSON response with caller tools');
    return undefined;
  }
  if (format.type === 'json-object') return { name: JSON_RESPONSE_TOOL, description: 'Respond with a JSON object.', input_schema: { type: 'object', additionalProperties: true } };
  return { name: JSON_RESPONSE_TOOL, description: format.description ?? `Respond with JSON matching ${format.name}.`, input_schema: format.schema };
}

function convertTools(request: CanonicalRequest): AnthropicTool[] {
  return request.tools.map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.inputSchema,
    ...(tool.cacheControl ? { cache_control: { ...tool.cacheControl } } : {}),
  }));
}

/** Anthropic's temperature runs from 0 to 1; OpenAI's and Gemini's run to 2. */
const MAX_TEMPERATURE = 1;

/**
 * Temperature and top_k are refused alongside thinking; clients of other protocols send them by
 * default. A temperature above Anthropic's range (an OpenAI client's 1.5) is lowered to its top,
 * the nearest it has, instead of being sent to a refusal.
 */
function convertSampling(request: CanonicalRequest, thinking: boolean, warnings: string[]): Partial<AnthropicRequestBody> {
  if (thinking && (request.temperature !== undefined || request.topK !== undefined)) warnings.push('temperature/top_k dropped: not allowed with thinking');
  if (!thinking && request.temperature !== undefined && request.temperature > MAX_TEMPERATURE) warnings.push(`temperature ${request.temperature} lowered to ${MAX_TEMPERATURE}: Anthropic takes 0-${MAX_TEMPERATURE}`);
  return {
    ...(request.temperature === undefined || thinking ? {} : { temperature: Math.min(request.temperature, MAX_TEMPERATURE) }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.topK === undefined || thinking ? {} : { top_k: request.topK }),
  };
}

/** Canonical request to a Messages API body (stream flag included). */
export function convertToAnthropicRequest(request: CanonicalRequest, model: ModelInfo): AnthropicRequestConversion {
  const warnings: string[] = [];
  const maxTokens = request.maxTokens ?? model.maxOutputTokens ?? FALLBACK_MAX_TOKENS;
  const thinking = convertThinking(request.reasoning, maxTokens, warnings);
  const thinkingOn = thinking?.type === 'enabled';
  if (request.seed !== undefined) warnings.push('seed dropped: Anthropic has no seed');
  const jsonTool = convertResponseFormat(request.responseFormat, request, warnings);
  const tools = jsonTool ? [jsonTool] : convertTools(request);
  // Forced tool use is refused with thinking on; the JSON tool is then only offered.
  const toolChoice = jsonTool ? (thinkingOn ? { type: 'auto' as const } : { type: 'tool' as const, name: JSON_RESPONSE_TOOL }) : convertToolChoice(request.toolChoice, request.parallelToolCalls);
  const body: AnthropicRequestBody = {
    model: model.upstreamId,
    max_tokens: maxTokens,
    messages: convertToAnthropicMessages(request.messages, warnings),
    ...(request.system.length ? { system: request.system.map(convertTextPart) } : {}),
    ...(tools.length ? { tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(thinking ? { thinking } : {}),
    ...convertSampling(request, thinkingOn, warnings),
    ...(request.stop.length ? { stop_sequences: [...request.stop] } : {}),
    ...(request.metadata.userId ? { metadata: { user_id: request.metadata.userId } } : {}),
    stream: request.stream,
  };
  return { body, ...(jsonTool ? { jsonResponseTool: JSON_RESPONSE_TOOL } : {}), warnings };
}
