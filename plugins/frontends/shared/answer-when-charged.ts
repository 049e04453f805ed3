import type { FastifyReply } from 'fastify';
import { markRequestPhase } from '../../../kernel/request-phases';

/**
 * Bills a run and answers the client once with the credits billed: as soon as the
 * settlement's figure is decided (before its writes, where the store allows: they leave the
 * request's latency), or when a release resolves. A settlement that fails after the answer
 * went out bills nothing (its hold expires); it is logged, the client already has its answer.
 * One that fails before rejects, for the caller to answer with an error.
 */
export async function answerWhenCharged(reply: FastifyReply, finish: (onCharged: (credits: number) => void) => Promise<number>, answer: (credits: number) => void): Promise<void> {
  let answered = false;
  const answerOnce = (credits: number) => {
    if (answered) return;
    answered = true;
    markRequestPhase(reply.request.id, 'charged');
    answer(credits);
    markRequestPhase(reply.request.id, 'answered');
  };
  try {
    answerOnce(await finish(answerOnce));
  } catch (error) {
    if (!answered) throw error;
    reply.log.error({ err: error, requestId: reply.request.id }, 'settlement failed after the answer was sent');
  }
}
