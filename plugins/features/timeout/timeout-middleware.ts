import { withDeadline } from '../../../kernel/with-deadline';
import type { AttemptMiddleware, ChatMiddleware } from '../../router/chat-middleware';

/**
 * `timeout_ms`: a deadline for each upstream attempt, streams included. Retries and fallbacks
 * each get a fresh one (they sit further out); the client leaving still aborts at once.
 */
const limitAttempt: AttemptMiddleware = (attempt, next) => next({ ...attempt, signal: withDeadline(attempt.signal, attempt.flags.timeout_ms!) });

export const timeoutMiddleware: ChatMiddleware = {
  name: 'timeout',
  flag: 'timeout_ms',
  order: 400,
  handle: limitAttempt,
  aroundAttempt: limitAttempt,
};
