import type { Conversation, StructuredOutput } from './conversation';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json-access';
import { SimRequestError } from './sim-request-error';

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content).map(asObject).filter((part) => part.type === 'text').map((part) => asString(part.text) ?? '').join('\n');
}

/** Everything in a message the model reads, for the token estimate. */
function messageText(message: JsonObject): string {
  const calls = asArray(message.tool_calls).map((call) => JSON.stringify(asObject(call).function ?? {}));
  return [contentText(message.content), asString(message.reasoning_content) ?? '', ...calls].join('\n');
}

function lastUserText(messages: readonly JsonObject[]): string {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user') continue;
    const text = contentText(message.content);
    if (text) return text;
  }
  return '';
}

function trailingToolResults(messages: readonly JsonObject[]): string[] {
  const results: string[] = [];
  for (const message of [...messages].reverse()) {
    if (message.role !== 'tool') break;
    results.unshift(contentText(message.content));
  }
  return results;
}

function forcedTool(toolChoice: unknown, toolNames: readonly string[]): string | undefined {
  if (toolChoice === 'required') return toolNames[0];
  return asString(asObject(asObject(toolChoice).function).name);
}

function structuredOutput(responseFormat: JsonObject): StructuredOutput | undefined {
  if (responseFormat.type === 'json_object') return { kind: 'json-object' };
  if (responseFormat.type === 'json_schema') return { kind: 'json-schema', schema: asObject(responseFormat.json_schema).schema };
  return undefined;
}

/** Reads a Chat Completions request; `wantsReasoning` is the provider flavour's call. */
export function readChatConversation(body: JsonObject, wantsReasoning: boolean): Conversation {
  if (!asString(body.model)) throw new SimRequestError(400, "you must provide a model parameter");
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new SimRequestError(400, "'messages' must contain at least one message");
  const messages = asArray(body.messages).map(asObject);
  const functions = asArray(body.tools).map((tool) => asObject(asObject(tool).function)).filter((fn) => asString(fn.name));
  const toolNames = functions.map((fn) => asString(fn.name)!);
  const forced = forcedTool(body.tool_choice, toolNames);
  const output = structuredOutput(asObject(body.response_format));
  const maxTokens = asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens);
  return {
    model: asString(body.model)!,
    promptText: lastUserText(messages),
    inputText: [...messages.map(messageText), ...(functions.length ? [JSON.stringify(functions)] : [])].join('\n'),
    tools: functions.map((fn) => ({ name: asString(fn.name)!, schema: fn.parameters })),
    toolResults: trailingToolResults(messages),
    wantsReasoning,
    ...(forced ? { forcedTool: forced } : {}),
    ...(output ? { structuredOutput: output } : {}),
    ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }),
  };
}

/** The last user text of any Chat Completions request, for directives; never throws. */
export function chatDirectiveText(body: unknown): string {
  return lastUserText(asArray(asObject(body).messages).map(asObject));
}
