import type { CanonicalRequest, ReasoningConfig, ToolChoice, ToolDefinition } from '../../../kernel/canonical/request';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { convertWireMessages, readSystemContent } from './convert-wire-messages';
import { messagesReader as reader } from './errors';
import { readCacheControl } from './read-content-block';

export interface ParseMessagesOptions {
  /** `POST /v1/messages/count_tokens` bodies have no `max_tokens`. */
  readonly countTokens?: boolean;
}

/**
 * A custom tool has no `type` (or `"custom"`). Server tools (`web_search_…`, `code_execution_…`)
 * and Anthropic-defined client tools (`bash_…`, `text_editor_…`, `computer_…`) carry a
 * versioned `type` and no schema: only Anthropic's models know them, so they stay out of
 * the canonical tools (native passthrough keeps them in the raw body).
 */
function readTool(value: unknown, param: string): ToolDefinition[] {
  const tool = reader.object(value, param);
  if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') return [];
  const description = reader.optionalString(tool.description, fieldPath(param, 'description'));
  const strict = reader.optionalBoolean(tool.strict, fieldPath(param, 'strict'));
  const cacheControl = readCacheControl(tool.cache_control, fieldPath(param, 'cache_control'));
  return [{
    name: reader.string(tool.name, fieldPath(param, 'name')),
    ...(description === undefined ? {} : { description }),
    // Any JSON Schema draft (2020-12 included) passes through as written.
    inputSchema: reader.object(tool.input_schema, fieldPath(param, 'input_schema')),
    ...(strict === undefined ? {} : { strict }),
    ...(cacheControl ? { cacheControl } : {}),
  }];
}

function readTools(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  return reader.array(value, 'tools').flatMap((tool, index) => readTool(tool, fieldPath('tools', index)));
}

interface ToolChoiceFields {
  readonly toolChoice?: ToolChoice;
  readonly parallelToolCalls?: boolean;
}

function readToolChoice(value: unknown): ToolChoiceFields {
  if (value === undefined || value === null) return {};
  const choice = reader.object(value, 'tool_choice');
  const type = reader.optionalChoice(choice.type, 'tool_choice.type', ['auto', 'any', 'tool', 'none'] as const) ?? reader.fail('tool_choice.type', 'is required');
  const disableParallel = reader.optionalBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  const toolChoice: ToolChoice = type === 'tool'
    ? { type: 'tool', name: reader.string(choice.name, 'tool_choice.name') }
    : { type: type === 'any' ? 'required' : type };
  return { toolChoice, ...(disableParallel === undefined ? {} : { parallelToolCalls: !disableParallel }) };
}

/** `enabled` needs a budget; `adaptive` lets the model decide; types added later are dropped. */
function readThinking(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const thinking = reader.object(value, 'thinking');
  const type = reader.string(thinking.type, 'thinking.type');
  if (type === 'disabled') return { enabled: false };
  if (type === 'adaptive') return { enabled: true };
  if (type !== 'enabled') return undefined;
  const budgetTokens = reader.optionalNumber(thinking.budget_tokens, 'thinking.budget_tokens', { integer: true, min: 1 }) ?? reader.fail('thinking.budget_tokens', 'is required');
  return { enabled: true, budgetTokens };
}

function readStopSequences(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return reader.array(value, 'stop_sequences').map((sequence, index) => reader.string(sequence, fieldPath('stop_sequences', index)));
}

function readMetadata(value: unknown): CanonicalRequest['metadata'] {
  if (value === undefined || value === null) return {};
  const userId = reader.optionalString(reader.object(value, 'metadata').user_id, 'metadata.user_id');
  return userId === undefined ? {} : { userId };
}

function readModel(body: JsonObject): string {
  const model = reader.string(body.model, 'model');
  return model === '' ? reader.fail('model', 'must not be empty') : model;
}

function readSampling(body: JsonObject, options: ParseMessagesOptions): Pick<CanonicalRequest, 'maxTokens' | 'temperature' | 'topP' | 'topK'> {
  const maxTokens = reader.optionalNumber(body.max_tokens, 'max_tokens', { integer: true, min: 1 });
  if (maxTokens === undefined && !options.countTokens) reader.fail('max_tokens', 'is required');
  const temperature = reader.optionalNumber(body.temperature, 'temperature', { min: 0 });
  const topP = reader.optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  const topK = reader.optionalNumber(body.top_k, 'top_k', { integer: true, min: 0 });
  return {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined ? {} : { topK }),
  };
}

/**
 * Anthropic Messages body → canonical request; throws BSK_MESSAGES_INVALID_REQUEST (400)
 * naming the first bad field. Fields the canonical request has no place for
 * (`context_management`, `output_config`, `service_tier`, `container`, `mcp_servers`, block
 * `citations`…) are accepted and left out: translation drops them, while native passthrough
 * sends the raw body on, so they still reach Anthropic.
 */
export function parseMessagesRequest(body: unknown, options: ParseMessagesOptions = {}): CanonicalRequest {
  const request = reader.object(body, '');
  const model = readModel(request);
  const converted = convertWireMessages(request.messages);
  const reasoning = readThinking(request.thinking);
  return {
    model,
    system: [...readSystemContent(request.system, 'system'), ...converted.system],
    messages: converted.messages,
    tools: readTools(request.tools),
    ...readToolChoice(request.tool_choice),
    ...readSampling(request, options),
    stop: readStopSequences(request.stop_sequences),
    ...(reasoning ? { reasoning } : {}),
    metadata: readMetadata(request.metadata),
    stream: reader.optionalBoolean(request.stream, 'stream') ?? false,
  };
}
