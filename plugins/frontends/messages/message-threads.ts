import type { TranslationBlocker } from '../../../kernel/canonical/request';
import type { ErrorFacts } from '../shared/read-error-facts';
import { blockTranslation } from './read-content-block';

const THREAD_PARAM = 'thread';

/**
 * Message threads (Anthropic's beta: `thread: {type: "create"}`, then `{type: "continue",
 * previous_message_id}` with only the new messages) keep the conversation on Anthropic's
 * servers; the Anthropic SDK's tool runner asks for one by default. No other provider holds
 * one, so a translated call cannot take it: answered as it were, the next turn would reach the
 * model as a lone tool result. Passthrough sends the field on to Anthropic.
 */
export function checkThread(value: unknown, blockers: TranslationBlocker[]): void {
  if (value === undefined || value === null) return;
  blockTranslation(blockers, THREAD_PARAM, "message threads are held by Anthropic's servers only; send the whole conversation without `thread` (the SDK's tool runner does so by itself on this error), or choose an Anthropic model");
}

/**
 * Anthropic's `error.details` for that refusal: `thread_unsupported_request` is what the SDK
 * recovers from (a thread made with `unsupportedRequestBehavior: 'continue_unthreaded'`, as
 * the tool runner's is, sends the turn again with the whole history and no `thread`).
 * `unsupported` names the field that cannot be threaded: the model.
 */
export function threadErrorDetails(facts: ErrorFacts): Readonly<Record<string, unknown>> | undefined {
  if (facts.code !== 'BSK_GATEWAY_UNTRANSLATABLE' || facts.param !== THREAD_PARAM) return undefined;
  return { error_code: 'thread_unsupported_request', unsupported: ['model'] };
}
