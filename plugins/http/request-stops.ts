import type { FastifyReply } from 'fastify';
import type { BskError } from '../../kernel/errors';
import { hostErrors } from './host-errors';

/**
 * The requests whose handlers hear the drain's deadline: those whose upstream calls and
 * streams can outlast it (chat, embeddings, rerank, images, videos). Cutting their connections
 * at the deadline left a stream without its protocol's ending and a waiting client with no
 * answer at all; stopped first, each ends its answer in its protocol before its connection closes.
 */
export interface RequestStops {
  /** See HttpHost.watchRequest. */
  watch(reply: FastifyReply): AbortController;
  /** Aborts every watched request still running with BSK_HTTP_SHUTTING_DOWN; returns how many. */
  stopAll(): number;
}

export function createRequestStops(): RequestStops {
  const running = new Set<AbortController>();
  return {
    watch(reply) {
      const controller = new AbortController();
      running.add(controller);
      reply.raw.on('close', () => {
        running.delete(controller);
        if (!reply.raw.writableFinished) controller.abort(new Error('client closed the connection'));
      });
      return controller;
    },
    stopAll() {
      const stopped = running.size;
      const reason = hostErrors.create('BSK_HTTP_SHUTTING_DOWN', {});
      for (const controller of running) controller.abort(reason);
      return stopped;
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
