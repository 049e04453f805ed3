import type { Conversation, StructuredOutput, ToolDefinition } from './conversation';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { sampleCustomToolInput } from './openai-custom-tool-input';
import { decryptReasoning } from './openai-reasoning-encryption';
import { SimRequestError } from './sim-request-error';

/** The models that reason on the Responses API; `gpt-5-chat-*` is GPT-5 without reasoning. */
const REASONING_MODEL = /^(o\d|gpt-5(?!-chat))/;

const TOOL_OUTPUTS = new Set(['function_call_output', 'custom_tool_call_output']);

export function isReasoningModel(model: string): boolean {
  return REASONING_MODEL.test(model);
}

/** The input as items: a plain string is one user message; an item without `type` is a message. */
function inputItems(body: JsonObject): JsonObject[] {
  return typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : asArray(body.input).map(asObject);
}

function itemType(item: JsonObject): string {
  return asString(item.type) ?? 'message';
}

/** A message's content or a tool's output: a string or parts; images and files count nothing. */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content).map(asObject).map((part) => asString(part.text) ?? asString(part.refusal) ?? '').filter(Boolean).join('\n');
}

/** OpenAI's error names the token by its first and last four characters. */
function abbreviate(token: string): string {
  return `${token.slice(0, 4)}...${token.slice(-4)}`;
}

/** What the model reads of a reasoning item, refused as OpenAI refuses one it cannot trust or find. */
function reasoningText(item: JsonObject, store: boolean): string {
  const id = asString(item.id) ?? '';
  const encrypted = asString(item.encrypted_content);
  if (encrypted !== undefined) {
    const text = decryptReasoning(id, encrypted);
    if (text === undefined) throw new SimRequestError(400, `The encrypted content ${abbreviate(encrypted)} could not be verified.`, { param: null, code: 'invalid_encrypted_content' });
    return text;
  }
  if (!store) {
    throw new SimRequestError(404, `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, { param: 'input', code: null });
  }
  // OpenAI would look a stored item up; the stateless simulator takes it at its word and reads its summary.
  return partsText(item.summary);
}

/** Everything in an item the model reads, for the token estimate. */
function itemText(item: JsonObject, store: boolean): string {
  switch (itemType(item)) {
    case 'message': return partsText(item.content);
    case 'function_call': return `${asString(item.name) ?? ''}${asString(item.arguments) ?? ''}`;
    case 'custom_tool_call': return `${asString(item.name) ?? ''}${asString(item.input) ?? ''}`;
    case 'function_call_output': case 'custom_tool_call_output': return partsText(item.output);
    case 'reasoning': return reasoningText(item, store);
    default: return '';
  }
}

function lastUserText(items: readonly JsonObject[]): string {
  for (const item of [...items].reverse()) {
    if (itemType(item) !== 'message' || item.role !== 'user') continue;
    const text = partsText(item.content);
    if (text) return text;
  }
  return '';
}

function trailingToolResults(items: readonly JsonObject[]): string[] {
  const results: string[] = [];
  for (const item of [...items].reverse()) {
    if (!TOOL_OUTPUTS.has(itemType(item))) break;
    results.unshift(partsText(item.output));
  }
  return results;
}

/** The function and custom tools; OpenAI's hosted tools (web search, ...) are never called here. */
function declaredTools(body: JsonObject): JsonObject[] {
  return asArray(body.tools).map(asObject).filter((tool) => (tool.type === 'function' || tool.type === 'custom') && asString(tool.name));
}

/** A custom tool takes raw text, not JSON: its schema is that text as a constant, which the planner "generates". */
function toolDefinition(tool: JsonObject): ToolDefinition {
  const name = asString(tool.name)!;
  return tool.type === 'custom' ? { name, schema: { const: sampleCustomToolInput(tool.format) } } : { name, schema: tool.parameters };
}

/** Names of the request's custom tools, whose calls answer as `custom_tool_call` items. */
export function customToolNames(body: JsonObject): ReadonlySet<string> {
  return new Set(declaredTools(body).filter((tool) => tool.type === 'custom').map((tool) => asString(tool.name)!));
}

/** `required`, or a named function or custom tool (flat here: `{ type, name }`). */
function forcedTool(toolChoice: unknown, toolNames: readonly string[]): string | undefined {
  if (toolChoice === 'required') return toolNames[0];
  const choice = asObject(toolChoice);
  return choice.type === 'function' || choice.type === 'custom' ? asString(choice.name) : undefined;
}

/** `text.format`, flat here: the schema sits beside the type, not under `json_schema`. */
function structuredOutput(format: JsonObject): StructuredOutput | undefined {
  if (format.type === 'json_object') return { kind: 'json-object' };
  if (format.type === 'json_schema') return { kind: 'json-schema', schema: format.schema };
  return undefined;
}

/** Reads a Responses request that has passed validation; throws on reasoning items OpenAI would refuse. */
export function readResponsesConversation(body: JsonObject): Conversation {
  const model = asString(body.model) ?? '';
  const items = inputItems(body);
  const store = body.store !== false;
  const tools = declaredTools(body);
  const definitions = tools.map(toolDefinition);
  const forced = forcedTool(body.tool_choice, definitions.map((tool) => tool.name));
  const output = structuredOutput(asObject(asObject(body.text).format));
  const maxTokens = asNumber(body.max_output_tokens);
  const instructions = asString(body.instructions);
  return {
    model,
    promptText: lastUserText(items),
    inputText: [...(instructions ? [instructions] : []), ...items.map((item) => itemText(item, store)), ...(tools.length ? [JSON.stringify(tools)] : [])].join('\n'),
    tools: definitions,
    toolResults: trailingToolResults(items),
    wantsReasoning: isReasoningModel(model) && asObject(body.reasoning).effort !== 'none',
    ...(forced ? { forcedTool: forced } : {}),
    ...(output ? { structuredOutput: output } : {}),
    ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }),
  };
}

/** The last user text of any Responses request, for directives; never throws. */
export function responsesDirectiveText(body: unknown): string {
  return lastUserText(inputItems(asObject(body)));
}
