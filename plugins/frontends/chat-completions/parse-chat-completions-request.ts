import { type CanonicalRequest, REASONING_EFFORTS, type ReasoningConfig, type ResponseFormat, type ToolChoice, type ToolDefinition, type TranslationBlocker } from '../../../kernel/canonical/request';
import { readOpenAIEndUser, readOpenAIModel, readOpenAIToolChoice } from '../shared/openai-request-fields';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { convertChatMessages } from './convert-chat-messages';
import { chatReader as reader, refuseUnsupported } from './errors';

/** A function without `parameters` takes none; providers want an object schema either way. */
const NO_PARAMETERS = { type: 'object', properties: {} };

function readTool(value: unknown, param: string): ToolDefinition {
  const tool = reader.object(value, param);
  if (tool.type !== 'function') refuseUnsupported(fieldPath(param, 'type'), 'only "function" tools are supported');
  const fnParam = fieldPath(param, 'function');
  const fn = reader.object(tool.function, fnParam);
  const description = reader.optionalString(fn.description, fieldPath(fnParam, 'description'));
  const strict = reader.optionalBoolean(fn.strict, fieldPath(fnParam, 'strict'));
  return {
    name: reader.string(fn.name, fieldPath(fnParam, 'name')),
    ...(description === undefined ? {} : { description }),
    inputSchema: fn.parameters === undefined || fn.parameters === null ? NO_PARAMETERS : reader.object(fn.parameters, fieldPath(fnParam, 'parameters')),
    ...(strict === undefined ? {} : { strict }),
  };
}

function readToolChoice(value: unknown): ToolChoice | undefined {
  return readOpenAIToolChoice(reader, value, (choice) => {
    if (choice.type !== 'function') refuseUnsupported('tool_choice.type', 'only "function" tool choices are supported');
    return { type: 'tool', name: reader.string(reader.object(choice.function, 'tool_choice.function').name, 'tool_choice.function.name') };
  });
}

function readResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = reader.object(value, 'response_format');
  const type = reader.optionalChoice(format.type, 'response_format.type', ['text', 'json_object', 'json_schema'] as const) ?? reader.fail('response_format.type', 'is required');
  if (type === 'text') return { type: 'text' };
  if (type === 'json_object') return { type: 'json-object' };
  const spec = reader.object(format.json_schema, 'response_format.json_schema');
  const strict = reader.optionalBoolean(spec.strict, 'response_format.json_schema.strict');
  const description = reader.optionalString(spec.description, 'response_format.json_schema.description');
  return {
    type: 'json-schema',
    name: reader.string(spec.name, 'response_format.json_schema.name'),
    schema: spec.schema === undefined || spec.schema === null ? {} : reader.object(spec.schema, 'response_format.json_schema.schema'),
    ...(strict === undefined ? {} : { strict }),
    ...(description === undefined ? {} : { description }),
  };
}

const CHAT_REASONING_EFFORTS = ['none', ...REASONING_EFFORTS] as const;

/**
 * `none` turns reasoning off. The others are every effort some model behind the gateway takes
 * (OpenAI's to `xhigh`, Claude's and DeepSeek's `max`): the provider fits one its model does not
 * take to the nearest it does, as for Anthropic clients' efforts, rather than refusing what
 * another model would serve. A value no model takes is the client's to know (400).
 */
function readReasoningEffort(value: unknown): ReasoningConfig | undefined {
  const effort = reader.optionalChoice(value, 'reasoning_effort', CHAT_REASONING_EFFORTS);
  if (effort === undefined) return undefined;
  return effort === 'none' ? { enabled: false } : { enabled: true, effort };
}

function readStop(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  return reader.array(value, 'stop').map((sequence, index) => reader.string(sequence, fieldPath('stop', index)));
}

/** Features this gateway does not offer are refused by name rather than silently ignored. */
function refuseUnsupportedFeatures(body: JsonObject): void {
  const n = reader.optionalNumber(body.n, 'n', { integer: true, min: 1 });
  if (n !== undefined && n > 1) refuseUnsupported('n', 'only one choice per request is supported (n must be 1); send several requests instead');
  const modalities = body.modalities === undefined || body.modalities === null ? [] : reader.array(body.modalities, 'modalities');
  if (modalities.includes('audio')) refuseUnsupported('modalities', 'audio output is not supported');
  if (body.functions !== undefined && body.functions !== null) refuseUnsupported('functions', 'legacy functions are not supported; use tools');
}

const LOGPROBS_REASON = 'log probabilities come only from models served on Chat Completions as they are (OpenAI, DeepSeek, Kimi, OpenAI-compatible servers); send logprobs: false, or choose one of those';

/**
 * The canonical answer has no log probabilities: a translated call (Claude, Gemini) would
 * answer `logprobs: null`, so asking for them blocks translation; passthrough sends them on.
 */
function readLogprobsBlocker(body: JsonObject): TranslationBlocker | undefined {
  const logprobs = reader.optionalBoolean(body.logprobs, 'logprobs');
  const topLogprobs = reader.optionalNumber(body.top_logprobs, 'top_logprobs', { integer: true, min: 0 });
  if (logprobs) return { param: 'logprobs', reason: LOGPROBS_REASON };
  return topLogprobs ? { param: 'top_logprobs', reason: LOGPROBS_REASON } : undefined;
}

function readSampling(body: JsonObject): Pick<CanonicalRequest, 'maxTokens' | 'temperature' | 'topP' | 'seed'> {
  const maxCompletionTokens = reader.optionalNumber(body.max_completion_tokens, 'max_completion_tokens', { integer: true, min: 1 });
  const maxTokens = maxCompletionTokens ?? reader.optionalNumber(body.max_tokens, 'max_tokens', { integer: true, min: 1 });
  const temperature = reader.optionalNumber(body.temperature, 'temperature', { min: 0, max: 2 });
  const topP = reader.optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  const seed = reader.optionalNumber(body.seed, 'seed', { integer: true });
  return {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(seed === undefined ? {} : { seed }),
  };
}

function readToolFields(body: JsonObject): Pick<CanonicalRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  const tools = body.tools === undefined || body.tools === null ? [] : reader.array(body.tools, 'tools').map((tool, index) => readTool(tool, fieldPath('tools', index)));
  const toolChoice = readToolChoice(body.tool_choice);
  const parallelToolCalls = reader.optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  return { tools, ...(toolChoice ? { toolChoice } : {}), ...(parallelToolCalls === undefined ? {} : { parallelToolCalls }) };
}

/** Not canonical (the caller reads `include_usage` from the raw body), but a wrong type is still the client's to know. */
function checkStreamOptions(value: unknown): void {
  if (value === undefined || value === null) return;
  reader.optionalBoolean(reader.object(value, 'stream_options').include_usage, 'stream_options.include_usage');
}

/**
 * OpenAI Chat Completions body → canonical request; throws BSK_CHAT_INVALID_REQUEST (400)
 * naming the bad field, or BSK_CHAT_UNSUPPORTED for features the gateway does not offer.
 * Fields with no canonical meaning are ignored: logit_bias, presence_penalty,
 * frequency_penalty, store, metadata, prediction, service_tier, prompt_cache_key, verbosity,
 * web_search_options (native passthrough still sends them on). `logprobs` / `top_logprobs`
 * are a translation blocker: passthrough serves them, a translated call is refused.
 * `max_completion_tokens` wins over the older `max_tokens` when both are given.
 */
export function parseChatCompletionsRequest(body: unknown): CanonicalRequest {
  const request = reader.object(body, '');
  const model = readOpenAIModel(reader, request);
  refuseUnsupportedFeatures(request);
  const converted = convertChatMessages(request.messages);
  const responseFormat = readResponseFormat(request.response_format);
  const reasoning = readReasoningEffort(request.reasoning_effort);
  const logprobsBlocker = readLogprobsBlocker(request);
  checkStreamOptions(request.stream_options);
  return {
    model,
    system: converted.system,
    messages: converted.messages,
    ...readToolFields(request),
    ...readSampling(request),
    stop: readStop(request.stop),
    ...(responseFormat ? { responseFormat } : {}),
    ...(reasoning ? { reasoning } : {}),
    metadata: readOpenAIEndUser(reader, request),
    stream: reader.optionalBoolean(request.stream, 'stream') ?? false,
    ...(logprobsBlocker ? { translationBlockers: [logprobsBlocker] } : {}),
  };
}
