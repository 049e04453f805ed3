import { MAX_JSON_NESTING, nestsDeeperThan, TOO_DEEP_REASON } from '../../http/json-nesting';
import { isJsonObject, type WireReader } from './wire-reader';

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

/**
 * JSON a client sent inside a string is parsed here, after the host's nesting limit on the body
 * had no way to see into it; what walks the result later (JSON.stringify of the upstream body)
 * would overflow the stack, so nesting past the same limit is refused as a 400 naming `param`.
 */
export function refuseDeepJson(text: string, param: string, reader: WireReader): void {
  if (nestsDeeperThan(text, MAX_JSON_NESTING)) reader.fail(param, TOO_DEEP_REASON);
}

/** A client's tool call `arguments` string: lenient as parseToolArguments, but never nested past the limit. */
export function readToolArguments(text: string, param: string, reader: WireReader): Record<string, unknown> {
  refuseDeepJson(text, param, reader);
  return parseToolArguments(text);
}
