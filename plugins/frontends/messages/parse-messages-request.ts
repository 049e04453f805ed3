import type { CanonicalRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, ToolChoice, ToolDefinition, TranslationBlocker } from '../../../kernel/canonical/request';
import { fieldPath, type JsonObject } from '../shared/wire-reader';
import { convertWireMessages, readSystemContent } from './convert-wire-messages';
import { messagesReader as reader } from './errors';
import { checkThread } from './message-threads';
import { blockTranslation, readCacheControl } from './read-content-block';

export interface ParseMessagesOptions {
  /** `POST /v1/messages/count_tokens` bodies have no `max_tokens`. */
  readonly countTokens?: boolean;
}

/** Tools Anthropic's servers run (`web_search_…`, `web_fetch_…`, `code_execution_…`, tool search, MCP toolsets). */
const SERVER_TOOL_PREFIXES = ['web_search_', 'web_fetch_', 'code_execution_', 'tool_search_tool_', 'mcp_toolset'];
/** Tools the client runs whose schema only Anthropic's models know (`bash_…`, `text_editor_…`, `computer_…`, `memory_…`). */
const ANTHROPIC_DEFINED_PREFIXES = ['bash_', 'text_editor_', 'computer_', 'memory_'];

function untranslatableToolReason(type: string, name: unknown): string {
  const named = typeof name === 'string' ? `"${name}" (${type})` : `"${type}"`;
  if (SERVER_TOOL_PREFIXES.some((prefix) => type.startsWith(prefix))) return `${named} runs on Anthropic's servers only; remove it, or choose an Anthropic model`;
  if (ANTHROPIC_DEFINED_PREFIXES.some((prefix) => type.startsWith(prefix))) return `${named} is defined by Anthropic and only its models know it; for other models declare it as a custom tool with an input_schema`;
  return `tool type "${type}" is not one the gateway translates (custom tools are); Anthropic's models receive it as sent`;
}

/**
 * A custom tool has no `type` (or `"custom"`). Server tools (`web_search_…`, `code_execution_…`)
 * and Anthropic-defined client tools (`bash_…`, `text_editor_…`, `computer_…`) carry a
 * versioned `type` and no schema: only Anthropic's models know them, so they stay out of the
 * canonical tools and block translation (native passthrough keeps them in the raw body).
 */
function readTool(value: unknown, param: string, blockers: TranslationBlocker[]): ToolDefinition[] {
  const tool = reader.object(value, param);
  const type = reader.optionalString(tool.type, fieldPath(param, 'type'));
  if (type !== undefined && type !== 'custom') {
    blockTranslation(blockers, param, untranslatableToolReason(type, tool.name));
    return [];
  }
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

function readTools(value: unknown, blockers: TranslationBlocker[]): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  return reader.array(value, 'tools').flatMap((tool, index) => readTool(tool, fieldPath('tools', index), blockers));
}

/** The MCP connector: Anthropic's servers connect to these and run their tools. */
function checkMcpServers(value: unknown, blockers: TranslationBlocker[]): void {
  if (value === undefined || value === null || !reader.array(value, 'mcp_servers').length) return;
  blockTranslation(blockers, 'mcp_servers', "MCP servers are connected by Anthropic's servers only (the MCP connector); choose an Anthropic model, or declare their tools as custom tools");
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

/** The efforts Claude's `output_config.effort` takes (the SDK's `OutputConfig`, platform.claude.com/docs/en/build-with-claude/effort). */
const CLAUDE_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/**
 * `output_config.effort`, which says how hard a thinking model thinks. An effort added later is
 * left out, as later thinking types are: passthrough sends it on as written, and Claude judges it.
 */
function readEffort(body: JsonObject): ReasoningEffort | undefined {
  if (body.output_config === undefined || body.output_config === null) return undefined;
  const effort = reader.optionalString(reader.object(body.output_config, 'output_config').effort, 'output_config.effort');
  return CLAUDE_EFFORTS.find((known) => known === effort);
}

/**
 * `enabled` needs a budget; `adaptive` lets the model decide; types added later are dropped. The
 * effort goes with thinking on (another model's reasoning depth); without thinking it only
 * shapes Claude's answer, which passthrough keeps.
 */
function readThinking(value: unknown, effort: ReasoningEffort | undefined): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const thinking = reader.object(value, 'thinking');
  const type = reader.string(thinking.type, 'thinking.type');
  if (type === 'disabled') return { enabled: false };
  const withEffort = effort === undefined ? {} : { effort };
  if (type === 'adaptive') return { enabled: true, ...withEffort };
  if (type !== 'enabled') return undefined;
  const budgetTokens = reader.optionalNumber(thinking.budget_tokens, 'thinking.budget_tokens', { integer: true, min: 1 }) ?? reader.fail('thinking.budget_tokens', 'is required');
  return { enabled: true, budgetTokens, ...withEffort };
}

/** The name other providers want on a JSON schema (OpenAI's `json_schema.name`); Anthropic's format has none. */
const OUTPUT_FORMAT_NAME = 'output';

/**
 * Structured outputs: `output_config.format` (generally available) or the beta's `output_format`
 * (`anthropic-beta: structured-outputs-2025-11-13`), the first when both are given. Claude
 * decodes the answer constrained to the schema, hence `strict`.
 */
function readOutputFormat(body: JsonObject): ResponseFormat | undefined {
  const config = body.output_config === undefined || body.output_config === null ? {} : reader.object(body.output_config, 'output_config');
  const [value, param] = config.format !== undefined && config.format !== null ? [config.format, 'output_config.format'] : [body.output_format, 'output_format'];
  if (value === undefined || value === null) return undefined;
  const format = reader.object(value, param);
  if (reader.optionalChoice(format.type, fieldPath(param, 'type'), ['json_schema'] as const) === undefined) reader.fail(fieldPath(param, 'type'), 'is required');
  return { type: 'json-schema', name: OUTPUT_FORMAT_NAME, schema: reader.object(format.schema, fieldPath(param, 'schema')), strict: true };
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
 * naming the first bad field. A structured output format becomes the response format. Fields
 * the canonical request has no place for (`output_config.effort` without thinking,
 * `service_tier`, `container`, block `citations`…) are accepted and left out: translation
 * drops them, while native passthrough sends the raw body on, so they still reach Anthropic.
 * `context_management` is the wire's to apply (context-editing.ts). What the model would miss
 * if dropped (server tools, `mcp_servers`, Files API sources, block types the gateway does not
 * know) is listed in `translationBlockers`, which the router refuses on a translated call.
 */
export function parseMessagesRequest(body: unknown, options: ParseMessagesOptions = {}): CanonicalRequest {
  const request = reader.object(body, '');
  const model = readModel(request);
  const blockers: TranslationBlocker[] = [];
  // First: the refusal a thread gets is the one the SDK recovers from, then meets any other.
  checkThread(request.thread, blockers);
  const converted = convertWireMessages(request.messages, blockers);
  const tools = readTools(request.tools, blockers);
  checkMcpServers(request.mcp_servers, blockers);
  const reasoning = readThinking(request.thinking, readEffort(request));
  const responseFormat = readOutputFormat(request);
  return {
    model,
    system: [...readSystemContent(request.system, 'system'), ...converted.system],
    messages: converted.messages,
    tools,
    ...readToolChoice(request.tool_choice),
    ...readSampling(request, options),
    stop: readStopSequences(request.stop_sequences),
    ...(responseFormat ? { responseFormat } : {}),
    ...(reasoning ? { reasoning } : {}),
    metadata: readMetadata(request.metadata),
    stream: reader.optionalBoolean(request.stream, 'stream') ?? false,
    ...(blockers.length ? { translationBlockers: blockers } : {}),
  };
}
