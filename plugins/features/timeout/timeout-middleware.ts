import type { ChatMiddleware } from '../../router/chat-middleware';

/**
 * `timeout_ms`: a deadline for each upstream attempt, streams included. Retries and fallbacks
 * each get a fresh one (they sit further out); the client leaving still aborts at once.
 */
export const timeoutMiddleware: ChatMiddleware = {
  name: 'timeout',
  flag: 'timeout_ms',
  order: 400,
  handle(call, next) {
    const timeoutMs = call.flags.timeout_ms!;
    const deadline = AbortSignal.timeout(timeoutMs);
    return next({ ...call, signal: AbortSignal.any([call.signal, deadline]) });
  },
};
