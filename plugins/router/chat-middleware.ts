import type { ModelInfo } from '../../kernel/canonical/model';
import type { WholeBody } from '../../kernel/canonical/passthrough-body';
import type { ChatProvider, PassthroughResponse, UsageTap, WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { CanonicalResponse } from '../../kernel/canonical/response';
import type { StreamPart } from '../../kernel/canonical/stream';
import { isRetryable, isUpstreamError } from '../../kernel/canonical/upstream-error';
import type { ResolvedModel } from './model-catalog';
import type { CallerKey } from './ports';

/**
 * The feature flags a request, a key, an org or a DOSIA skill can ask for; the TypeScript
 * mirror of schemas/feature-flags.schema.json. `false` switches off a key or org default.
 */
export interface FeatureFlags {
  readonly cache?: { readonly ttl_s: number } | false;
  readonly fallback?: readonly string[] | false;
  readonly retry?: { readonly attempts: number; readonly budget_ms?: number } | false;
  readonly timeout_ms?: number;
}

export type FlagName = keyof FeatureFlags;

/** One upstream call for one model: what every middleware receives and may change. */
export interface ChatCall {
  readonly key: CallerKey;
  readonly requestId: string;
  readonly protocol: WireProtocol;
  readonly request: CanonicalRequest;
  readonly rawBody: Readonly<Record<string, unknown>>;
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** `performance.now()` when the request arrived; budgets count from here. */
  readonly receivedAt: number;
  /** The flags in force (request > key > org, within the org's caps). */
  readonly flags: FeatureFlags;
  readonly model: ModelInfo;
  readonly provider: ChatProvider;
  /** Aborts this attempt: the client went away, or a deadline passed. */
  readonly signal: AbortSignal;
  /** Aborted only when the client goes away (a deadline is not a cancellation). */
  readonly clientSignal: AbortSignal;
  /** Whether a native passthrough may answer; false once a feature needs canonical parts. */
  readonly passthrough: boolean;
  /** A model this request may use (already checked against the key and covered by the hold). */
  resolve(name: string): ResolvedModel;
}

interface AnswerCommon {
  /** The model that answered: named in `bytespike-model`, the body and the bill. */
  readonly model: ModelInfo;
  /** What features did (recorded with the settlement: attempts, fallbacks, cache). */
  readonly notes: Readonly<Record<string, unknown>>;
  /** Extra response headers (`bytespike-cache`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Percent of the computed cost to bill (a cache hit bills 0 or a configured share); 100 when absent. */
  readonly creditPercent?: number;
}

export type ChatAnswer = AnswerCommon &
  (
    | { readonly mode: 'response'; readonly response: CanonicalResponse }
    | { readonly mode: 'stream'; readonly parts: AsyncIterable<StreamPart> }
    | {
        readonly mode: 'passthrough';
        readonly response: PassthroughResponse;
        readonly tap: UsageTap;
        /** The final usage event was asked for by the gateway (to bill), not the client. */
        readonly hideFinalUsage: boolean;
        /** A non-streamed answer, already read and tapped (call-provider.ts); null when the relay reads the body. */
        readonly wholeBody: WholeBody | null;
      }
  );

export type ChatHandler = (call: ChatCall) => Promise<ChatAnswer>;

/** What a feature needs of any upstream attempt, a chat call or the one call of another endpoint. */
export interface UpstreamAttempt {
  /** `performance.now()` when the request arrived; budgets count from here. */
  readonly receivedAt: number;
  readonly flags: FeatureFlags;
  /** Aborts this attempt: the client went away, or a deadline passed. */
  readonly signal: AbortSignal;
  /** Aborted only when the client goes away. */
  readonly clientSignal: AbortSignal;
}

/** What a feature may add to any answer: notes recorded with the request. */
export interface AttemptAnswer {
  readonly notes: Readonly<Record<string, unknown>>;
}

/**
 * A feature around one non-streamed upstream call of embeddings, rerank, images, videos or
 * count_tokens. Generic, so the very function that wraps a chat call can wrap those too.
 */
export type AttemptMiddleware = <Attempt extends UpstreamAttempt, Answer extends AttemptAnswer>(attempt: Attempt, next: (attempt: Attempt) => Promise<Answer>) => Promise<Answer>;

/**
 * A feature on the provider call, contributed by a feature plugin. Middlewares run only
 * when their flag is set, outermost first by `order`, each deciding whether (and how
 * often, and with which model) to call `next`; the innermost handler calls the provider.
 */
export interface ChatMiddleware {
  readonly name: string;
  /** The flag that switches it on. */
  readonly flag: FlagName;
  /** Lower runs further out (cache 100, fallback 200, retry 300, timeout 400). */
  readonly order: number;
  /** Other models it may answer with, so the key is checked and the hold covers them before any call. */
  alsoCalls?(flags: FeatureFlags): readonly string[];
  handle(call: ChatCall, next: ChatHandler): Promise<ChatAnswer>;
  /**
   * The same feature around the single upstream call of the other endpoints. Absent where the
   * feature needs a chat request (the cache's canonical answers, fallback's chain of chat
   * models): its flag is refused there, never ignored.
   */
  readonly aroundAttempt?: AttemptMiddleware;
}

declare module '../../kernel/capabilities' {
  interface Contributions {
    /** Feature middlewares around the provider call; the router reads them all. */
    'chat-middleware': ChatMiddleware;
  }
}

/** Whether a flag is switched on (present and not `false`). */
export function isFlagOn(flags: FeatureFlags, flag: FlagName): boolean {
  return flags[flag] !== undefined && flags[flag] !== false;
}

/** Failures before the first byte another attempt may not have: rate limits, overload, 5xx, timeouts, connection errors. */
export function isWorthAnotherTry(error: unknown): boolean {
  return isUpstreamError(error) && isRetryable(error.details.info);
}

/** Hono-style composition: the first middleware is the outermost. */
export function composeMiddlewares(middlewares: readonly ChatMiddleware[], innermost: ChatHandler): ChatHandler {
  return middlewares.reduceRight<ChatHandler>((next, middleware) => (call) => middleware.handle(call, next), innermost);
}
