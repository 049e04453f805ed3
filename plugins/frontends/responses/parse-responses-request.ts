import type { CanonicalRequest, ReasoningConfig, ResponseFormat, TextPart, ToolChoice, ToolDefinition } from '../../../kernel/canonical/request';
import { readOpenAIEndUser, readOpenAIModel, readOpenAIToolChoice } from '../shared/openai-request-fields';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { convertInputItems } from './convert-input-items';
import { readCustomTool } from './custom-tools';
import { refuseUnsupported, responsesReader as reader } from './errors';

/** Function tools are flat here (`{ type, name, parameters }`), unlike Chat Completions' `function` object; custom tools become functions (custom-tools.ts). */
function readTool(value: unknown, param: string): ToolDefinition {
  const tool = reader.object(value, param);
  const type = reader.string(tool.type, fieldPath(param, 'type'));
  if (type === 'custom') return readCustomTool(tool, param);
  if (type !== 'function') refuseUnsupported(fieldPath(param, 'type'), `"${type}" is one of OpenAI's hosted tools, which the gateway does not run; declare a "function" or "custom" tool and run it yourself`);
  const description = reader.optionalString(tool.description, fieldPath(param, 'description'));
  const strict = reader.optionalBoolean(tool.strict, fieldPath(param, 'strict'));
  const parameters = tool.parameters === undefined || tool.parameters === null ? { type: 'object', properties: {} } : reader.object(tool.parameters, fieldPath(param, 'parameters'));
  return { name: reader.string(tool.name, fieldPath(param, 'name')), ...(description === undefined ? {} : { description }), inputSchema: parameters, ...(strict === undefined ? {} : { strict }) };
}

/** The named form is flat here: `{ type: 'function', name }`. */
function readToolChoice(value: unknown): ToolChoice | undefined {
  return readOpenAIToolChoice(reader, value, (choice) => {
    const type = reader.string(choice.type, 'tool_choice.type');
    if (type !== 'function') refuseUnsupported('tool_choice.type', `only "auto", "none", "required" or a named function are supported, got "${type}"`);
    return { type: 'tool', name: reader.string(choice.name, 'tool_choice.name') };
  });
}

/** `text.format`: plain text, a JSON object, or JSON matching a schema (flat here, not nested under `json_schema`). */
function readTextFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const text = reader.object(value, 'text');
  if (text.format === undefined || text.format === null) return undefined;
  const format = reader.object(text.format, 'text.format');
  const type = reader.optionalChoice(format.type, 'text.format.type', ['text', 'json_object', 'json_schema'] as const) ?? reader.fail('text.format.type', 'is required');
  if (type === 'text') return { type: 'text' };
  if (type === 'json_object') return { type: 'json-object' };
  const description = reader.optionalString(format.description, 'text.format.description');
  const strict = reader.optionalBoolean(format.strict, 'text.format.strict');
  return {
    type: 'json-schema', name: reader.string(format.name, 'text.format.name'), schema: reader.object(format.schema, 'text.format.schema'),
    ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }),
  };
}

/**
 * `reasoning.effort`, the efforts OpenAI's Responses API documents; `none` (GPT-5.1 and later)
 * asks for no reasoning at all. The provider fits an effort its model does not take.
 */
function readReasoning(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const reasoning = reader.object(value, 'reasoning');
  const effort = reader.optionalChoice(reasoning.effort, 'reasoning.effort', ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const);
  if (effort === undefined || effort === 'none') return undefined;
  return { enabled: true, effort };
}

/**
 * The gateway keeps responses (stored-responses.ts has put a `previous_response_id`'s
 * conversation in `input` before this parse), but no conversation objects, prompt templates or
 * background runs. What needs those is refused, naming what to do instead, rather than
 * silently answered without it.
 */
function refuseStatefulFeatures(body: JsonObject): void {
  if (body.conversation !== undefined && body.conversation !== null) refuseUnsupported('conversation', 'the gateway stores no conversation objects; continue from a response with previous_response_id, or send the whole conversation in input');
  if (body.prompt !== undefined && body.prompt !== null) refuseUnsupported('prompt', 'stored prompt templates live at OpenAI; send instructions and input instead');
  if (body.background === true) refuseUnsupported('background', 'background responses need stored state; send the request without background, streaming if it is long');
}

/**
 * OpenAI Responses body → canonical request; throws BSK_RESPONSES_INVALID_REQUEST (400)
 * naming the bad field, or BSK_RESPONSES_UNSUPPORTED for what the gateway does not offer.
 * `store` and `previous_response_id` are checked here and acted on around the parse
 * (stored-responses.ts). Accepted and left out: `include` (reasoning is
 * always returned with what it needs to go back upstream), `truncation`, `service_tier`,
 * `prompt_cache_key`, `max_tool_calls`, `top_logprobs`, `metadata`, `text.verbosity`.
 */
export function parseResponsesRequest(body: unknown): CanonicalRequest {
  const request = reader.object(body, '');
  const model = readOpenAIModel(reader, request);
  refuseStatefulFeatures(request);
  reader.optionalBoolean(request.store, 'store');
  reader.optionalString(request.previous_response_id, 'previous_response_id');
  if (request.input === undefined || request.input === null) reader.fail('input', 'is required (or previous_response_id, to continue from a stored response)');
  const input = convertInputItems(request.input);
  const instructions = reader.optionalString(request.instructions, 'instructions');
  const system: TextPart[] = [...(instructions ? [{ type: 'text' as const, text: instructions }] : []), ...input.system];
  const tools = request.tools === undefined || request.tools === null ? [] : reader.array(request.tools, 'tools').map((tool, index) => readTool(tool, fieldPath('tools', index)));
  const toolChoice = readToolChoice(request.tool_choice);
  const parallelToolCalls = reader.optionalBoolean(request.parallel_tool_calls, 'parallel_tool_calls');
  const maxTokens = reader.optionalNumber(request.max_output_tokens, 'max_output_tokens', { integer: true, min: 1 });
  const temperature = reader.optionalNumber(request.temperature, 'temperature', { min: 0, max: 2 });
  const topP = reader.optionalNumber(request.top_p, 'top_p', { min: 0, max: 1 });
  const responseFormat = readTextFormat(request.text);
  const reasoning = readReasoning(request.reasoning);
  return {
    model,
    system,
    messages: input.messages,
    tools,
    ...(toolChoice ? { toolChoice } : {}),
    ...(parallelToolCalls === undefined ? {} : { parallelToolCalls }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    stop: [],
    ...(responseFormat ? { responseFormat } : {}),
    ...(reasoning ? { reasoning } : {}),
    metadata: readOpenAIEndUser(reader, request),
    stream: reader.optionalBoolean(request.stream, 'stream') ?? false,
  };
}
