import type { ModelInfo } from './model';
import type { CanonicalRequest } from './request';
import type { CanonicalResponse } from './response';
import type { FinishReason, StreamPart, UpstreamErrorInfo } from './stream';
import type { Usage } from './usage';

/** The wire protocol a provider speaks natively; a front-end of the same protocol passes bodies through. */
export type WireProtocol = 'anthropic-messages' | 'openai-chat' | 'openai-responses' | 'gemini';

export interface CallContext {
  /** Aborts the upstream call (client went away, timeout, shutdown). */
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** Client headers a provider may forward on passthrough (`anthropic-beta`, `anthropic-version`). */
  readonly forwardHeaders: Readonly<Record<string, string>>;
}

/** The upstream's raw answer, for native passthrough: status, headers and body bytes untouched. */
/** The upstream's response headers as passthrough reads them (a web `Headers` is one). */
export interface HeaderLookup {
  /** The value, several joined by `, `, or null; names are case-insensitive. */
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface PassthroughResponse {
  readonly status: number;
  readonly headers: HeaderLookup;
  /** The upstream's bytes as they arrive, to be iterated once; an abort or a dropped connection makes the iteration throw. */
  readonly body: AsyncIterable<Uint8Array> | null;
  /** Gives up an unread body, freeing its connection. */
  discard(): void;
}

/** What a tap learned from passthrough bytes: enough to bill and to log. */
export interface TapResult {
  readonly usage: Usage | null;
  /**
   * The model the upstream says answered, its own id as it wrote it, read from what the tap
   * parses for the usage (a final usage chunk, `message_start`, a whole body); absent when none.
   */
  readonly upstreamModel?: string;
  readonly finishReason: FinishReason | null;
  readonly error: UpstreamErrorInfo | null;
  /**
   * The error is told by the protocol's own answer (a Responses object with `status: "failed"`,
   * which OpenAI sends as a 200): the body goes to the client as it came; nothing is billed.
   */
  readonly errorIsAnswer?: boolean;
  /**
   * Streams: the content (text, reasoning, tool input) that went by, in estimated tokens. A
   * stream the client cancels ends before the upstream reports its output count. A tap may
   * compute it when it is read (a getter), so read it only when the bill needs it.
   */
  readonly deliveredTokens?: number;
  /**
   * Streams: `performance.now()` when the first content delta (text, reasoning, tool input)
   * went by, for the request log's time to first token; absent when none did.
   */
  readonly firstContentAt?: number;
}

/** Watches a passthrough response's bytes (stream or JSON body) without changing them. */
export interface UsageTap {
  write(chunk: Uint8Array): void;
  end(): TapResult;
  /**
   * Streams: set by the `write` (or `end`) that met an event that is not the JSON its protocol
   * sends (a malformed chunk; `end` reports its error). The stream cannot be relayed from that
   * event on: the relay ends it with the client's protocol's error, and nothing is billed.
   */
  readonly malformed?: MalformedEvent | null;
}

export interface MalformedEvent {
  /** The event's `data:` payload, as the tap read it. */
  readonly data: string;
  readonly error: UpstreamErrorInfo;
}

/** The upstream's count of a passthrough body. */
export interface PassthroughCount {
  readonly inputTokens: number;
  /**
   * The upstream's JSON answer as it came (Anthropic's `{input_tokens, context_management?}`):
   * the client speaks the same protocol, and gets it as is.
   */
  readonly answer: Readonly<Record<string, unknown>>;
}

/**
 * One wire protocol an upstream speaks natively: a client body in it goes upstream as it is
 * (the caller has rewritten `model`), and the answer is tapped for usage on its way back.
 */
export interface NativeProtocol {
  /** Rejects with UpstreamError only when the upstream cannot be reached; HTTP error statuses come back as a response. */
  passthrough(body: Readonly<Record<string, unknown>>, model: ModelInfo, call: CallContext): Promise<PassthroughResponse>;
  /** `stream` selects SSE or a JSON body. */
  createUsageTap(stream: boolean): UsageTap;
  /**
   * Counts a client's count body at the upstream's own count endpoint, prepared as `passthrough`
   * prepares a create body (the caller has rewritten `model`): what the canonical request has no
   * place for (server tools, context editing…) is counted too. Absent where the protocol has no
   * count endpoint. Rejects with UpstreamError on any failure, error statuses included.
   */
  countPassthrough?(body: Readonly<Record<string, unknown>>, model: ModelInfo, call: CallContext): Promise<PassthroughCount>;
}

/**
 * A chat provider (one instance per configured upstream). `stream` rejects with an
 * UpstreamError only before the first part (connect failure, HTTP error status), which is
 * what lets fallback and retry act; once parts flow, failures arrive as an `error` part.
 */
export interface ChatProvider {
  /** Instance name: the `provider` part of model ids (`anthropic`, `ollama`, …). */
  readonly name: string;
  readonly protocol: WireProtocol;
  /** True when it has what it needs to call upstream (usually an API key). */
  readonly enabled: boolean;
  models(): readonly ModelInfo[];
  generate(request: CanonicalRequest, model: ModelInfo, call: CallContext): Promise<CanonicalResponse>;
  stream(request: CanonicalRequest, model: ModelInfo, call: CallContext): Promise<AsyncIterable<StreamPart>>;
  /** Exact count from the upstream where it has an endpoint; absent otherwise (the caller estimates). */
  countTokens?(request: CanonicalRequest, model: ModelInfo, call: CallContext): Promise<number>;
  /**
   * Sends a client body in this provider's own protocol, unchanged but for `model` (already
   * rewritten to `model.upstreamId` by the caller). Rejects with UpstreamError only when the
   * upstream cannot be reached; HTTP error statuses come back as a response.
   */
  passthrough?(body: Readonly<Record<string, unknown>>, model: ModelInfo, call: CallContext): Promise<PassthroughResponse>;
  /** A tap for passthrough traffic in this provider's protocol (`stream` selects SSE or JSON). */
  createUsageTap?(stream: boolean): UsageTap;
  /** As `NativeProtocol.countPassthrough`, in this provider's protocol. */
  countPassthrough?(body: Readonly<Record<string, unknown>>, model: ModelInfo, call: CallContext): Promise<PassthroughCount>;
  /**
   * Protocols besides `protocol` the upstream also speaks natively (OpenAI's Responses API
   * beside its Chat Completions): a front-end of one of them passes through to it the same way.
   */
  readonly alsoSpeaks?: Readonly<Partial<Record<WireProtocol, NativeProtocol>>>;
}

declare module '../capabilities' {
  interface Contributions {
    /** Every chat provider instance; the router reads them all. */
    'chat-provider': ChatProvider;
  }
}
