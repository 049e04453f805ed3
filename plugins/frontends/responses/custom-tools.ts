import type { ToolDefinition } from '../../../kernel/canonical/request';
import { fieldPath, isJsonObject, type JsonObject } from '../shared/wire-reader';
import { responsesReader as reader } from './errors';

/**
 * Custom (freeform) tools take raw text rather than JSON arguments: Codex CLI declares its
 * `apply_patch` this way for GPT-5. Every provider calls tools with JSON, so a custom tool goes
 * upstream as a function with one string parameter, `input`, whose description carries the
 * tool's grammar; its calls come back as `custom_tool_call` items with that string as `input`.
 */
export function readCustomTool(tool: JsonObject, param: string): ToolDefinition {
  const description = reader.optionalString(tool.description, fieldPath(param, 'description'));
  const format = tool.format === undefined || tool.format === null ? undefined : reader.object(tool.format, fieldPath(param, 'format'));
  const grammar = format?.type === 'grammar' ? ` It must match this ${typeof format.syntax === 'string' ? format.syntax : ''} grammar:\n${reader.string(format.definition, fieldPath(param, 'format.definition'))}` : '';
  return {
    name: reader.string(tool.name, fieldPath(param, 'name')),
    ...(description === undefined ? {} : { description }),
    inputSchema: { type: 'object', properties: { input: { type: 'string', description: `The tool's whole input, as raw text.${grammar}` } }, required: ['input'], additionalProperties: false },
  };
}

/** Names of the request's custom tools, whose calls answer as `custom_tool_call` items. */
export function customToolNames(body: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return new Set(tools.flatMap((tool: unknown) => (isJsonObject(tool) && tool.type === 'custom' && typeof tool.name === 'string' ? [tool.name] : [])));
}

/** A custom tool call's raw input, from the arguments the model gave its stand-in function. */
export function customInputOf(args: unknown): string {
  if (isJsonObject(args)) return typeof args.input === 'string' ? args.input : '';
  return typeof args === 'string' ? args : '';
}

export function customToolCallItem(id: string, call: { id: string; name: string }, input: string): Record<string, unknown> {
  return { type: 'custom_tool_call', id, call_id: call.id, name: call.name, input };
}
