import { isJsonObject } from './wire-reader';

/**
 * Arguments are the model's own output echoed back, and may be truncated or invalid JSON
 * (a reply cut by max_tokens). Refusing would strand the conversation, since the client
 * cannot repair history, so anything that is not a JSON object reads as `{}`.
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? { ...parsed } : {};
  } catch {
    return {};
  }
}
