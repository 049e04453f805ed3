import type { ModelInfo } from '../../../kernel/canonical/model';

type Message = Record<string, unknown> & { role?: unknown; content?: unknown };

interface ResponseFormat {
  readonly type?: unknown;
  readonly json_schema?: { readonly name?: unknown; readonly description?: unknown; readonly schema?: unknown };
}

/**
 * A catalog that names JSON mode and not structured outputs says the model takes `json_object`
 * only (DeepSeek answers `json_schema` with 400 "This response_format type is unavailable now").
 * One that names neither (a generic server's default) says nothing, and the request goes as written.
 */
function takesJsonObjectOnly(model: ModelInfo): boolean {
  return model.capabilities.includes('json-mode') && !model.capabilities.includes('json-schema');
}

/** What the schema would have enforced, said to the model. DeepSeek refuses `json_object` unless the prompt says "json", so it does, in lower case. */
function describeSchema(format: ResponseFormat): string {
  const { name, description, schema } = format.json_schema ?? {};
  return [
    `Answer with a json object only, and no other text, that matches the JSON Schema${typeof name === 'string' ? ` "${name}"` : ''} below.`,
    ...(typeof description === 'string' && description ? [description] : []),
    JSON.stringify(schema ?? {}),
  ].join('\n');
}

const isSystem = (message: Message | undefined) => message?.role === 'system' || message?.role === 'developer';

/**
 * The instruction joins the leading system message rather than adding one: chat templates that
 * take a single system message first (Mistral's) refuse a second, and the client's own system
 * prompt keeps its prefix, so a prompt cache still hits.
 */
function withInstruction(messages: readonly Message[], instruction: string): Message[] {
  const [first, ...rest] = messages;
  if (isSystem(first) && typeof first!.content === 'string') return [{ ...first, content: `${first!.content}\n\n${instruction}` }, ...rest];
  if (isSystem(first) && Array.isArray(first!.content)) return [{ ...first, content: [...first!.content, { type: 'text', text: instruction }] }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

/**
 * A Chat Completions body (translated or passed through) whose `json_schema` response format
 * `model` would refuse, asking for `json_object` instead and carrying the schema in the system
 * prompt, so structured-output clients (`chat.completions.parse`, Responses `text.format`)
 * still get JSON in the schema's shape; the body itself when there is nothing to change.
 */
export function withJsonSchemaAsInstruction<Body extends { messages?: unknown; response_format?: unknown }>(body: Body, model: ModelInfo): Body {
  const format = body.response_format as ResponseFormat | undefined;
  if (format?.type !== 'json_schema' || !takesJsonObjectOnly(model)) return body;
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  return { ...body, response_format: { type: 'json_object' }, messages: withInstruction(messages, describeSchema(format)) };
}
