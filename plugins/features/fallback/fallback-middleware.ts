import { isUpstreamError } from '../../../kernel/canonical/upstream-error';
import { canCarryRequest } from '../../router/call-provider';
import { type ChatAnswer, type ChatCall, type ChatMiddleware, isWorthAnotherTry } from '../../router/chat-middleware';

/**
 * `fallback`: after a retryable failure before the first byte, the next model of the chain
 * answers (any provider, any protocol: a model of another protocol takes the canonical
 * path). A model that cannot carry the request (one only its own provider serves, such as an
 * Anthropic server tool, on a model it would be translated for) is skipped: when none is
 * left, the client gets the last upstream failure, its status and retry-after, not a refusal
 * of a model it never asked for first. The answer names the model that gave it; the failed
 * ones are recorded.
 */
export const fallbackMiddleware: ChatMiddleware = {
  name: 'fallback',
  flag: 'fallback',
  order: 200,
  alsoCalls: (flags) => (flags.fallback ? flags.fallback : []),
  handle(call, next) {
    const chain = [call.model.id, ...(call.flags.fallback || [])];
    /** The next model of the chain after `index` that can carry the request, and its place. */
    const nextCarrier = (index: number): { attempt: ChatCall; index: number } | undefined => {
      for (let following = index + 1; following < chain.length; following++) {
        const attempt = { ...call, ...call.resolve(chain[following]!) };
        if (canCarryRequest(attempt)) return { attempt, index: following };
      }
      return undefined;
    };
    const tryFrom = async (attempt: ChatCall, index: number, failed: readonly { model: string; kind: string }[]): Promise<ChatAnswer> => {
      try {
        const answer = await next(attempt);
        return failed.length ? { ...answer, notes: { ...answer.notes, fallback_from: failed } } : answer;
      } catch (error) {
        if (!isWorthAnotherTry(error) || call.clientSignal.aborted) throw error;
        const following = nextCarrier(index);
        if (following === undefined) throw error;
        return tryFrom(following.attempt, following.index, [...failed, { model: attempt.model.id, kind: isUpstreamError(error) ? error.details.info.kind : 'unknown' }]);
      }
    };
    return tryFrom(call, 0, []);
  },
};
