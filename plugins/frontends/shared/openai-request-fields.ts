import type { CanonicalRequest, ToolChoice } from '../../../kernel/canonical/request';
import type { JsonObject, WireReader } from './wire-reader';

/** The model an OpenAI request (Chat Completions or Responses) names: required, not empty. */
export function readOpenAIModel(reader: WireReader, body: JsonObject): string {
  const model = reader.string(body.model, 'model');
  if (model === '') reader.fail('model', 'must not be empty');
  return model;
}

/** `user` is deprecated in favour of `safety_identifier`; either identifies the end user. */
export function readOpenAIEndUser(reader: WireReader, body: JsonObject): CanonicalRequest['metadata'] {
  const userId = reader.optionalString(body.safety_identifier, 'safety_identifier') ?? reader.optionalString(body.user, 'user');
  return userId === undefined ? {} : { userId };
}

/**
 * `tool_choice`: a mode (`auto`, `none`, `required`), or an object naming one function, read by
 * `readNamed` (Chat Completions nests the name under `function`, Responses does not).
 */
export function readOpenAIToolChoice(reader: WireReader, value: unknown, readNamed: (choice: JsonObject) => ToolChoice): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { type: reader.optionalChoice(value, 'tool_choice', ['auto', 'none', 'required'] as const)! };
  return readNamed(reader.object(value, 'tool_choice'));
}
