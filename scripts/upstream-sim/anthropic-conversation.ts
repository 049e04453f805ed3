import type { Conversation, StructuredOutput } from './conversation';
import { effectiveThinking } from './claude-5-rules';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

function blocksOf(content: unknown): JsonObject[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : asArray(content).map(asObject);
}

function toolResultText(block: JsonObject): string {
  return blocksOf(block.content).map((part) => asString(part.text) ?? '').join('');
}

/** Everything in a block the model reads, for the token estimate. */
function blockText(block: JsonObject): string {
  switch (block.type) {
    case 'text': return asString(block.text) ?? '';
    case 'thinking': return asString(block.thinking) ?? '';
    case 'tool_use': return `${asString(block.name) ?? ''}${JSON.stringify(block.input ?? {})}`;
    case 'tool_result': return toolResultText(block);
    default: return '';
  }
}

function lastUserText(messages: readonly JsonObject[]): string {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user') continue;
    const text = blocksOf(message.content).filter((block) => block.type === 'text').map((block) => asString(block.text) ?? '').join('\n');
    if (text) return text;
  }
  return '';
}

function trailingToolResults(messages: readonly JsonObject[]): string[] {
  const last = messages[messages.length - 1];
  if (last?.role !== 'user') return [];
  return blocksOf(last.content).filter((block) => block.type === 'tool_result').map(toolResultText);
}

function forcedTool(toolChoice: JsonObject, toolNames: readonly string[]): string | undefined {
  if (toolChoice.type === 'tool') return asString(toolChoice.name);
  return toolChoice.type === 'any' ? toolNames[0] : undefined;
}

/** Structured outputs: `output_config.format`, or the beta's `output_format`. */
function structuredOutput(body: JsonObject): StructuredOutput | undefined {
  const format = asObject(asObject(body.output_config).format ?? body.output_format);
  return format.type === 'json_schema' ? { kind: 'json-schema', schema: format.schema } : undefined;
}

/** Checks the fields the real API requires, with its messages. */
function validate(body: JsonObject): void {
  if (!asString(body.model)) throw new SimRequestError(400, 'model: Field required');
  if (!Array.isArray(body.messages)) throw new SimRequestError(400, 'messages: Field required');
}

/** Reads an Anthropic Messages request (also the count_tokens one, which has no max_tokens). */
export function readAnthropicConversation(body: JsonObject): Conversation {
  validate(body);
  const messages = asArray(body.messages).map(asObject);
  const tools = asArray(body.tools).map(asObject).filter((tool) => asString(tool.name));
  const toolNames = tools.map((tool) => asString(tool.name)!);
  const system = blocksOf(body.system).map(blockText).join('\n');
  const turns = messages.flatMap((message) => blocksOf(message.content).map(blockText));
  const thinking = effectiveThinking(body);
  const forced = forcedTool(asObject(body.tool_choice), toolNames);
  const maxTokens = asNumber(body.max_tokens);
  const output = structuredOutput(body);
  // The MCP connector's servers stand for the tools Anthropic would list from them.
  const mcpServers = asArray(body.mcp_servers);
  return {
    model: asString(body.model)!,
    promptText: lastUserText(messages),
    // Like tools, a structured-output schema is compiled into the prompt, and counted as input.
    inputText: [system, ...turns, ...(tools.length ? [JSON.stringify(tools)] : []), ...(mcpServers.length ? [JSON.stringify(mcpServers)] : []), ...(output?.kind === 'json-schema' ? [JSON.stringify(output.schema)] : [])].join('\n'),
    tools: tools.map((tool) => ({ name: asString(tool.name)!, schema: tool.input_schema })),
    toolResults: trailingToolResults(messages),
    wantsReasoning: thinking === 'enabled' || thinking === 'adaptive',
    ...(forced ? { forcedTool: forced } : {}),
    ...(output ? { structuredOutput: output } : {}),
    ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }),
  };
}

/** The last user text of any Messages request, for directives; never throws. */
export function anthropicDirectiveText(body: unknown): string {
  return lastUserText(asArray(asObject(body).messages).map(asObject));
}
