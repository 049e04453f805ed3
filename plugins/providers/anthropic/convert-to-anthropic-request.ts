import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest, ReasoningConfig, ResponseFormat, ToolChoice } from '../../../kernel/canonical/request';
import { budgetEffort, THINKING_BUDGET_BY_EFFORT } from '../shared/thinking-budgets';
import type { AnthropicRequestBody, AnthropicTool, AnthropicToolChoice } from './anthropic-wire-types';
import { convertAdaptiveThinking, type AdaptiveThinking } from './convert-adaptive-thinking';
import { convertTextPart, convertToAnthropicMessages } from './convert-to-anthropic-messages';
import { toolLoopLacksThinking } from './tool-loop-thinking';

/** The tool a JSON response format becomes; its arguments are the JSON answer (see convertResponseFormat). */
export const JSON_RESPONSE_TOOL = 'json';

const FALLBACK_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;

/** The beta that gives translated requests `output_format`; Claude answers JSON matching the schema. */
const STRUCTURED_OUTPUTS_BETA = 'structured-outputs-2025-11-13';

/** An Anthropic catalog entry: `structuredOutputs` when the model takes `output_format` (models.json). */
type AnthropicModelInfo = ModelInfo & { readonly structuredOutputs?: boolean };

export interface AnthropicRequestConversion {
  readonly body: AnthropicRequestBody;
  /** `anthropic-beta` features the body relies on, added to the client's own. */
  readonly betas: readonly string[];
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
  const wanted = reasoning.budgetTokens ?? THINKING_BUDGET_BY_EFFORT[budgetEffort(reasoning.effort ?? 'medium', warnings)];
  const budget = Math.min(Math.max(wanted, MIN_THINKING_BUDGET), maxTokens - 1);
  if (budget < MIN_THINKING_BUDGET) {
    warnings.push(`thinking left off: max_tokens ${maxTokens} leaves no room for the minimum budget`);
    return undefined;
  }
  return { type: 'enabled', budget_tokens: budget };
}

/** A JSON schema response format as structured outputs, on the models whose catalog entry says they take them. */
function convertOutputFormat(format: ResponseFormat | undefined, model: ModelInfo): AnthropicRequestBody['output_format'] {
  if (format?.type !== 'json-schema' || !(model as AnthropicModelInfo).structuredOutputs) return undefined;
  return { type: 'json_schema', schema: format.schema };
}

/**
 * Without structured outputs (older models, and `json-object`, which has no schema) a JSON
 * response format becomes a tool whose input schema is the wanted schema (any object for
 * `json-object`), and the model is made to call it; the parsers turn that call back into text.
 * With tools of the caller's own, forcing a tool would change their meaning, so the format is
 * dropped instead and reported.
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

/** With thinking on, Anthropic takes top_p only from 0.95 up. */
const MIN_TOP_P_WITH_THINKING = 0.95;

/**
 * Sampling as Anthropic takes it; clients of other protocols send it by default. Temperature
 * and top_k are refused alongside thinking, and top_p below 0.95. Without thinking, Claude 4
 * models refuse temperature and top_p together, so temperature (the one clients mean) is kept.
 * A temperature above Anthropic's range (an OpenAI client's 1.5) is lowered to its top, the
 * nearest it has, instead of being sent to a refusal.
 */
function convertSampling(request: CanonicalRequest, thinking: boolean | 'always', warnings: string[]): Partial<AnthropicRequestBody> {
  const { temperature, topP, topK } = request;
  if (thinking === 'always') {
    // Claude 5 models refuse any but the default sampling (platform.claude.com/docs/en/models/sonnet-5/overview).
    if (temperature !== undefined || topP !== undefined || topK !== undefined) warnings.push('temperature/top_p/top_k dropped: this model takes none');
    return {};
  }
  if (thinking) {
    if (temperature !== undefined || topK !== undefined) warnings.push('temperature/top_k dropped: not allowed with thinking');
    if (topP !== undefined && topP < MIN_TOP_P_WITH_THINKING) warnings.push(`top_p ${topP} dropped: at least ${MIN_TOP_P_WITH_THINKING} with thinking`);
    return topP !== undefined && topP >= MIN_TOP_P_WITH_THINKING ? { top_p: topP } : {};
  }
  if (temperature !== undefined && temperature > MAX_TEMPERATURE) warnings.push(`temperature ${temperature} lowered to ${MAX_TEMPERATURE}: Anthropic takes 0-${MAX_TEMPERATURE}`);
  if (temperature !== undefined && topP !== undefined) warnings.push('top_p dropped: Claude takes temperature or top_p, not both');
  return {
    ...(temperature === undefined ? {} : { temperature: Math.min(temperature, MAX_TEMPERATURE) }),
    ...(topP === undefined || temperature !== undefined ? {} : { top_p: topP }),
    ...(topK === undefined ? {} : { top_k: topK }),
  };
}

/**
 * Thinking as the rest of the request allows it: Anthropic refuses it with a forced tool (the
 * caller's choice wins) and in a tool loop whose assistant turn has no signed thinking to
 * open with (see tool-loop-thinking.ts).
 */
function allowThinking(thinking: AnthropicRequestBody['thinking'], body: Pick<AnthropicRequestBody, 'messages' | 'tool_choice'>, warnings: string[]): AnthropicRequestBody['thinking'] {
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return thinking;
  const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
  if (forced) warnings.push('thinking left off: Anthropic refuses it with a forced tool');
  else if (toolLoopLacksThinking(body.messages)) warnings.push('thinking left off: the tool call being answered came without Claude\'s signed thinking');
  else return thinking;
  return undefined;
}

/**
 * The thinking the request asks for: adaptive with an effort on a model that always reasons (an
 * explicit `thinking` then only says so; left out, the model thinks all the same), else a budget.
 */
function wantThinking(request: CanonicalRequest, model: ModelInfo, maxTokens: number, warnings: string[]): AdaptiveThinking {
  if (model.reasoningAlwaysOn) return convertAdaptiveThinking(request.reasoning, model, warnings);
  const thinking = convertThinking(request.reasoning, maxTokens, warnings);
  return thinking ? { thinking } : {};
}

/** Canonical request to a Messages API body (stream flag included). */
export function convertToAnthropicRequest(request: CanonicalRequest, model: ModelInfo): AnthropicRequestConversion {
  const warnings: string[] = [];
  const maxTokens = request.maxTokens ?? model.maxOutputTokens ?? FALLBACK_MAX_TOKENS;
  const { thinking: wantedThinking, output_config: outputConfig } = wantThinking(request, model, maxTokens, warnings);
  const thinkingOn = model.reasoningAlwaysOn ? 'always' : wantedThinking?.type === 'enabled';
  if (request.seed !== undefined) warnings.push('seed dropped: Anthropic has no seed');
  const outputFormat = convertOutputFormat(request.responseFormat, model);
  const jsonTool = outputFormat ? undefined : convertResponseFormat(request.responseFormat, request, warnings);
  const tools = jsonTool ? [jsonTool] : convertTools(request);
  const messages = convertToAnthropicMessages(request.messages, warnings);
  // Forced tool use is refused with thinking on; the JSON tool is then only offered.
  const jsonToolChoice = thinkingOn ? { type: 'auto' as const } : { type: 'tool' as const, name: JSON_RESPONSE_TOOL };
  const toolChoice = jsonTool ? jsonToolChoice : convertToolChoice(request.toolChoice, request.parallelToolCalls);
  const thinking = allowThinking(wantedThinking, { messages, ...(toolChoice ? { tool_choice: toolChoice } : {}) }, warnings);
  const body: AnthropicRequestBody = {
    model: model.upstreamId,
    max_tokens: maxTokens,
    messages,
    ...(request.system.length ? { system: request.system.map(convertTextPart) } : {}),
    ...(tools.length ? { tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(thinking ? { thinking } : {}),
    ...(outputConfig ? { output_config: outputConfig } : {}),
    ...convertSampling(request, thinkingOn === 'always' ? 'always' : thinking?.type === 'enabled', warnings),
    ...(request.stop.length ? { stop_sequences: [...request.stop] } : {}),
    ...(request.metadata.userId ? { metadata: { user_id: request.metadata.userId } } : {}),
    ...(outputFormat ? { output_format: outputFormat } : {}),
    stream: request.stream,
  };
  return { body, betas: outputFormat ? [STRUCTURED_OUTPUTS_BETA] : [], ...(jsonTool ? { jsonResponseTool: JSON_RESPONSE_TOOL } : {}), warnings };
}
