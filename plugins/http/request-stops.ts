import type { FastifyReply } from 'fastify';
import type { BskError } from '../../kernel/errors';
import { hostErrors } from './host-errors';

/**
 * What the drain's deadline does to the requests still unanswered. Cutting their connections
 * left a stream without its protocol's ending and a waiting client with no answer at all.
 * Requests whose upstream calls and streams can outlast the drain (chat, embeddings, rerank,
 * images, videos) are watched: their handlers hear the deadline and end their answers in their
 * protocols. Any other (count_tokens, the admin and console APIs, OAuth, a body still arriving)
 * is answered the 503 by its route's error handler, which knows the route's error shape.
 */
export interface RequestStops {
  /** See HttpHost.watchRequest. */
  watch(reply: FastifyReply): AbortController;
  /**
   * Aborts every watched request still running with BSK_HTTP_SHUTTING_DOWN, and answers every
   * other one of `carried` whose head has not gone out that 503 with `connection: close`.
   */
  stopAll(carried: Iterable<FastifyReply | null>): { stopped: number; answered: number };
}

export function createRequestStops(): RequestStops {
  const running = new Map<FastifyReply, AbortController>();
  return {
    watch(reply) {
      const controller = new AbortController();
      running.set(reply, controller);
      reply.raw.on('close', () => {
        running.delete(reply);
        if (!reply.raw.writableFinished) controller.abort(new Error('client closed the connection'));
      });
      return controller;
    },
    stopAll(carried) {
      const stopped = running.size;
      const reason = hostErrors.create('BSK_HTTP_SHUTTING_DOWN', {});
      for (const controller of running.values()) controller.abort(reason);
      let answered = 0;
      for (const reply of carried) {
        // `sent` also covers a hijacked reply, whose handler writes the raw response itself.
        if (!reply || running.has(reply) || reply.sent || reply.raw.headersSent) continue;
        // An Error sent goes through the route's error handler, as any failure of the route does.
        reply.headers(CLOSE_CONNECTION).send(hostErrors.create('BSK_HTTP_SHUTTING_DOWN', {}));
        answered++;
      }
      return { stopped, answered };
    },
  };
}

/**
 * The drain's stop, when it is why `signal` aborted (null otherwise, a client that left
 * included): the client is still connected and is owed its protocol's ending, a streamed one
 * the error ending of a failed stream, anything else this 503 if its head has not gone out.
 */
export function drainStopOf(signal: AbortSignal): BskError | null {
  return signal.aborted && hostErrors.is(signal.reason, 'BSK_HTTP_SHUTTING_DOWN') ? signal.reason : null;
}

/** On an answer the drain stopped: the client's next request opens a new connection, which reaches a running instance. */
export const CLOSE_CONNECTION: Readonly<Record<string, string>> = { connection: 'close' };

/**
 * What a request whose work failed answers: the drain's stop when the deadline cut that work
 * short (its connection then closes), else its own error.
 */
export function answerableError(reply: FastifyReply, signal: AbortSignal, error: unknown): unknown {
  const stop = drainStopOf(signal);
  if (!stop) return error;
  reply.headers(CLOSE_CONNECTION);
  return stop;
}
