import type { WireProtocol } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { StreamPart } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import type { CallerKey } from '../../router/ports';

export interface WireError {
  readonly status: number;
  readonly body: object;
  readonly headers: Record<string, string>;
}

/** A passthrough stream's final usage event, read once by the wire that found it (and annotated once billed). */
export interface FinalUsageEvent {
  /** The event as the upstream sent it. */
  readonly raw: string;
  /** Its `data:` payload, parsed. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Follows one passed-through stream, for a protocol whose failure event depends on the stream
 * so far (Responses numbers its events and names its response): shown every raw event it
 * relays, it ends the stream if the upstream leaves it unfinished.
 */
export interface PassthroughFollower {
  see(rawEvent: string): void;
  fail(error: WireError): string;
}

/** Keeps one request's answer for later requests to refer to (Responses' stored responses). */
export interface AnswerKeeper {
  /**
   * The answer as the protocol's response object, once whole, before the client has its last
   * bytes (so a next request finds it); what did not complete is not kept. Never waits.
   */
  keep(answer: Readonly<Record<string, unknown>>): void;
}

/** A request as a protocol that keeps answers reads it. */
export interface StatefulRequest {
  /** The body with what it refers to filled in (a stored conversation before the new input). */
  readonly body: unknown;
  /** Null when the request asked for nothing to be kept. */
  readonly keeper: AnswerKeeper | null;
}

/** What the end of a canonical stream reports, once the request was settled. */
export interface StreamEndExtra {
  /** The credits billed, as the protocol's `usage.bytespike_credits`. */
  readonly settledCredits?: number;
  /** The usage billed: the upstream's, with what it left out (or reported as 0) estimated. */
  readonly billedUsage?: Usage;
}

export interface WireStreamWriter {
  write(part: StreamPart): string;
  end(extra: StreamEndExtra): string;
  /** The whole answer as the protocol's response object once `end` wrote it; null before, or after a failure. */
  answer?(): Readonly<Record<string, unknown>> | null;
  /**
   * A failure outside the stream's parts (the gateway's own), for a protocol whose error
   * event depends on the stream so far; after it `end` writes nothing. Without it the wire's
   * `formatStreamError` is written.
   */
  fail?(error: WireError): string;
}

/**
 * Everything protocol-specific about one chat front-end; the request handling around it
 * (auth, billing, streaming, passthrough, cancellation) is shared by every chat protocol.
 */
export interface ChatWire {
  readonly protocol: WireProtocol;
  /**
   * For a protocol whose requests refer to answers the gateway keeps: the body as the rest of
   * the request reads it, and what keeps this request's answer. Called once the key is known,
   * before the body is parsed; absent, the body is read as sent and nothing is kept.
   */
  restoreState?(body: unknown, key: CallerKey): Promise<StatefulRequest>;
  parseRequest(body: unknown): CanonicalRequest;
  toResponse(response: CanonicalResponse, context: { model: string; requestId: string; rawBody: Readonly<Record<string, unknown>> }): object;
  createStreamWriter(context: { model: string; requestId: string; request: CanonicalRequest; rawBody: Readonly<Record<string, unknown>> }): WireStreamWriter;
  /** The protocol's error answer; a protocol whose errors name their request (Anthropic's `request_id`) names `requestId`, the gateway's. */
  toError(error: unknown, requestId: string): WireError;
  /** SSE text telling a streaming client that the response failed after it started. */
  formatStreamError(error: WireError): string;
  /** A keep-alive event for long silences, or null if the protocol has none. */
  readonly keepAlive: string | null;
  /** Passthrough: this raw SSE event, read, when it carries the final usage (to annotate with settled credits); null otherwise. */
  readFinalUsageEvent(rawEvent: string): FinalUsageEvent | null;
  /** Passthrough: a follower of one stream (see PassthroughFollower); without it `formatStreamError` ends a failed one. */
  followPassthrough?(): PassthroughFollower;
  annotateFinalUsage(event: FinalUsageEvent, credits: number): string;
  /** The final usage event for a client that did not ask for usage (the gateway did, to bill). */
  withoutUsage(event: FinalUsageEvent): string;
  /**
   * Passthrough, for a protocol whose final usage event the client asks for (Chat Completions'
   * `stream_options.include_usage`): whether a raw event ends the stream (`data: [DONE]`). While no
   * usage event has come, the end is held back, so that one can go before it (`formatBilledUsage`).
   */
  isStreamEnd?(rawEvent: string): boolean;
  /**
   * The final usage event of a stream whose upstream sent none: the usage billed (estimated where
   * nothing was reported) and the settled credits, in the envelope (id, model…) of `lastEvent`,
   * the last event relayed before the end.
   */
  formatBilledUsage?(lastEvent: string | null, usage: Usage, credits: number): string;
  /**
   * Passthrough, for a protocol whose whole answers report usage in their body (Chat Completions'
   * `usage`): a success body whose upstream reported none (servers that count nothing), with the
   * usage billed, as a stream gets its usage chunk. A body that reports usage is never given here.
   */
  withBilledUsage?(body: Buffer, usage: Usage): Buffer;
  /**
   * Passthrough, for a protocol whose errors name their request (Anthropic's `request_id`): an
   * upstream error body relayed whole, naming `requestId` (the gateway's, as the `request-id`
   * header does) instead of the upstream's. Absent, error bodies go as they came.
   */
  relayErrorBody?(body: Buffer, requestId: string): Buffer;
  /** The same for each raw event of a relayed stream: an error event names `requestId`, any other goes as it came. */
  relayEvent?(rawEvent: string, requestId: string): string;
  /** Passthrough, for a protocol that keeps answers: the whole response object the final event carries, or null. */
  answerInFinalEvent?(event: FinalUsageEvent): Readonly<Record<string, unknown>> | null;
}
