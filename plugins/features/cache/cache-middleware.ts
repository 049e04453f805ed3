import { collectedResponse, collectStreamParts } from '../../../kernel/canonical/collect-stream';
import { responseToStreamParts } from '../../../kernel/canonical/response-to-stream';
import type { StreamPart } from '../../../kernel/canonical/stream';
import type { Logger } from '../../../kernel/logger';
import type { ChatAnswer, ChatCall, ChatMiddleware } from '../../router/chat-middleware';
import { computeCacheKey } from './cache-key';
import type { CachedAnswer, ResponseCacheStore } from './response-cache-store';

export interface CacheMiddlewareOptions {
  readonly store: ResponseCacheStore;
  /** Share of the original cost a hit bills, in percent (0 = free). */
  readonly hitCreditPercent: number;
  readonly logger: Logger;
}

async function* replay(parts: readonly StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts;
}

/** Passes a stream through and stores it once it finished cleanly; a stream cut short is never stored. */
async function* recordStream(parts: AsyncIterable<StreamPart>, save: (parts: StreamPart[]) => void): AsyncGenerator<StreamPart> {
  const seen: StreamPart[] = [];
  for await (const part of parts) {
    seen.push(part);
    yield part;
  }
  const last = seen.at(-1);
  if (last?.type === 'finish' && last.reason !== 'error') save(seen);
}

/**
 * `cache`: exact-match answers per org. A cached request always takes the canonical path
 * (never native passthrough), because the entry is the canonical answer: it replays through
 * whichever front-end asks, stream part for stream part, and a hit bills `hitCreditPercent`.
 * Streamed and non-streamed requests share entries: a hit is converted to the mode asked for.
 */
export function createCacheMiddleware(options: CacheMiddlewareOptions): ChatMiddleware {
  const { store, logger } = options;
  const save = (key: string, answer: CachedAnswer, ttlSeconds: number) => {
    store.set(key, answer, ttlSeconds).catch((error: Error) => logger.warn({ err: error.message }, 'response cache write failed'));
  };
  const lookup = (key: string) => store.get(key).catch((error: Error) => {
    // A cache that is away is a miss, never a failed request.
    logger.warn({ err: error.message }, 'response cache read failed');
    return null;
  });

  function hit(call: ChatCall, cached: CachedAnswer): ChatAnswer {
    const common = { model: call.resolve(cached.model).model, notes: { cache: 'hit' }, headers: { 'bytespike-cache': 'hit' }, creditPercent: options.hitCreditPercent };
    if (call.request.stream) return { ...common, mode: 'stream', parts: replay(cached.mode === 'stream' ? cached.parts : responseToStreamParts(cached.response)) };
    return { ...common, mode: 'response', response: cached.mode === 'response' ? cached.response : collectedResponse(collectStreamParts(cached.parts), cached.model) };
  }

  function miss(answer: ChatAnswer, key: string, ttlSeconds: number): ChatAnswer {
    const marked = { ...answer, notes: { ...answer.notes, cache: 'miss' }, headers: { ...answer.headers, 'bytespike-cache': 'miss' } };
    const model = answer.model.id;
    if (marked.mode === 'stream') return { ...marked, parts: recordStream(marked.parts, (parts) => save(key, { model, mode: 'stream', parts }, ttlSeconds)) };
    if (marked.mode === 'response' && marked.response.finishReason !== 'error') save(key, { model, mode: 'response', response: marked.response }, ttlSeconds);
    return marked;
  }

  const bypassed = (answer: ChatAnswer): ChatAnswer => ({ ...answer, notes: { ...answer.notes, cache: 'bypass' }, headers: { ...answer.headers, 'bytespike-cache': 'bypass' } });

  return {
    name: 'cache',
    flag: 'cache',
    order: 100,
    async handle(call, next) {
      // What the canonical request cannot carry (an Anthropic server tool, logprobs) is in no
      // cache key either, and only passthrough serves it: such a request is not cached.
      if (call.request.translationBlockers?.length) return bypassed(await next(call));
      const ttlSeconds = call.flags.cache ? call.flags.cache.ttl_s : 0;
      const key = computeCacheKey(call);
      const cached = await lookup(key);
      if (cached) return hit(call, cached);
      return miss(await next({ ...call, passthrough: false }), key, ttlSeconds);
    },
  };
}
