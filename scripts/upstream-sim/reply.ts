/**
 * What a route answers, before the wire: the pipeline writes it and applies the transport
 * faults (delays, disconnects, malformed chunks) the same way for every provider.
 */

/** How a protocol frames its Server-Sent Events: OpenAI's Responses API names its events, its Chat Completions does not. */
export type SseFraming = 'anthropic' | 'openai' | 'openai-responses' | 'gemini';

export interface SseFrame {
  /** `event:` name; only the framings that name events by payload type write it. */
  readonly event?: string;
  readonly data: string;
  /** Sent as an SSE comment line (`: data`), which a conforming client ignores (OpenRouter's keep-alives). */
  readonly comment?: boolean;
}

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  /** A body sent exactly as given: recordings replay byte for byte. */
  | { readonly kind: 'raw'; readonly status: number; readonly contentType: string; readonly body: Buffer | string; readonly headers?: Record<string, string> }
  | { readonly kind: 'sse'; readonly framing: SseFraming; readonly frames: readonly SseFrame[]; readonly headers?: Record<string, string> };

export function jsonReply(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { kind: 'json', status, body, ...(headers ? { headers } : {}) };
}

export function sseReply(framing: SseFraming, frames: readonly SseFrame[]): Reply {
  return { kind: 'sse', framing, frames };
}

/** Whether each event is named (`event:`) after its payload's `type`: Anthropic's and the Responses API's are. */
export function namesEventsByType(framing: SseFraming): boolean {
  return framing === 'anthropic' || framing === 'openai-responses';
}

/** Frames a JSON payload, named after its `type` where the framing does that. */
export function payloadFrame(payload: unknown, framing: SseFraming): SseFrame {
  const data = JSON.stringify(payload);
  const type = (payload as { type?: unknown }).type;
  return namesEventsByType(framing) && typeof type === 'string' ? { event: type, data } : { data };
}

export function encodeSseFrame(frame: SseFrame, framing: SseFraming): string {
  if (frame.comment) return `: ${frame.data}\n\n`;
  // Google terminates its SSE lines with CRLF; clients that split on "\n\n" only break on it.
  if (framing === 'gemini') return `data: ${frame.data}\r\n\r\n`;
  return `${frame.event === undefined ? '' : `event: ${frame.event}\n`}data: ${frame.data}\n\n`;
}
