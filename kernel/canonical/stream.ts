import type { ProviderMetadata } from './request';
import type { Usage } from './usage';

/**
 * Why generation stopped, in one vocabulary. Front-ends map back:
 * stop<->end_turn/stop, length<->max_tokens/length, tool-calls<->tool_use/tool_calls,
 * stop-sequence<->stop_sequence/stop, content-filter<->refusal/content_filter.
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'stop-sequence' | 'content-filter' | 'pause' | 'error' | 'other';

/** Upstream failures classified once, so every front-end can answer in its own shape. */
export type UpstreamErrorKind = 'invalid-request' | 'authentication' | 'permission' | 'not-found' | 'rate-limit' | 'overloaded' | 'timeout' | 'connection' | 'upstream' | 'malformed-response';

export interface UpstreamErrorInfo {
  readonly kind: UpstreamErrorKind;
  readonly message: string;
  /** HTTP status the upstream answered with, when there was one. */
  readonly status?: number;
  /** Seconds, from the upstream's `retry-after` (or Gemini's RetryInfo). */
  readonly retryAfterSeconds?: number;
}

/**
 * One event of a canonical response stream. Content blocks are numbered by `index` in
 * output order (text, reasoning and tool calls share one sequence), each opened by a
 * `*-start`, filled by deltas and closed by an `*-end`, one block open at a time (Anthropic's
 * and the Responses API's streams close each block before the next). Streams never throw once
 * started: a failure is an `error` part, after which nothing follows.
 *
 * `upstreamModel`, on the parts that carry usage, is the model the upstream says answered, its
 * own id as it wrote it (Anthropic's `message.model`, OpenAI's `model`, Gemini's `modelVersion`),
 * read from the JSON the adapter parses for the usage; the latest one given wins. The bill reads
 * it: an upstream that routed the call to another model bills at that model's rates.
 */
export type StreamPart =
  | { readonly type: 'message-start'; readonly id: string; readonly model: string; readonly usage?: Partial<Usage>; readonly upstreamModel?: string }
  | { readonly type: 'text-start'; readonly index: number }
  | { readonly type: 'text-delta'; readonly index: number; readonly text: string }
  | { readonly type: 'text-end'; readonly index: number }
  | { readonly type: 'reasoning-start'; readonly index: number; readonly redactedData?: string }
  | { readonly type: 'reasoning-delta'; readonly index: number; readonly text: string }
  | { readonly type: 'reasoning-signature'; readonly index: number; readonly signature: string }
  | { readonly type: 'reasoning-end'; readonly index: number; readonly providerMetadata?: ProviderMetadata }
  | { readonly type: 'tool-call-start'; readonly index: number; readonly id: string; readonly name: string; readonly providerMetadata?: ProviderMetadata }
  | { readonly type: 'tool-input-delta'; readonly index: number; readonly json: string }
  | { readonly type: 'tool-call-end'; readonly index: number }
  /** Cumulative usage so far; the latest one wins. */
  | { readonly type: 'usage'; readonly usage: Usage; readonly upstreamModel?: string }
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly stopSequence?: string; readonly usage: Usage; readonly upstreamModel?: string }
  | { readonly type: 'error'; readonly error: UpstreamErrorInfo };

export type StreamPartType = StreamPart['type'];
