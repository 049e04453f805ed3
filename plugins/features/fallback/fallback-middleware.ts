import { isUpstreamError } from '../../../kernel/canonical/upstream-error';
import { type ChatAnswer, type ChatMiddleware, isWorthAnotherTry } from '../../router/chat-middleware';

/**
 * `fallback`: after a retryable failure before the first byte, the next model of the chain
 * answers (any provider, any protocol: a model of another protocol takes the canonical
 * path). The answer names the model that gave it; the failed ones are recorded.
 */
export const fallbackMiddleware: ChatMiddleware = {
  name: 'fallback',
  flag: 'fallback',
  order: 200,
  alsoCalls: (flags) => (flags.fallback ? flags.fallback : []),
  handle(call, next) {
    const chain = [call.model.id, ...(call.flags.fallback || [])];
    const tryFrom = async (index: number, failed: readonly { model: string; kind: string }[]): Promise<ChatAnswer> => {
      const { model, provider } = index === 0 ? call : call.resolve(chain[index]!);
      try {
        const answer = await next({ ...call, model, provider });
        return failed.length ? { ...answer, notes: { ...answer.notes, fallback_from: failed } } : answer;
      } catch (error) {
        if (index === chain.length - 1 || !isWorthAnotherTry(error) || call.clientSignal.aborted) throw error;
        return tryFrom(index + 1, [...failed, { model: model.id, kind: isUpstreamError(error) ? error.details.info.kind : 'unknown' }]);
      }
    };
    return tryFrom(0, []);
  },
};
