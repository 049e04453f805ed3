import { withDeadline } from '../../../kernel/with-deadline';
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
    return next({ ...call, signal: withDeadline(call.signal, timeoutMs) });
  },
};
