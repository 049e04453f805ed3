import { defineErrors } from '../../../kernel/errors';
import { createWireReader } from '../shared/wire-reader';

/** Errors of the OpenAI Chat Completions front-end; `param` is the dotted path of the field at fault. */
export const chatCompletionsErrors = defineErrors({
  BSK_CHAT_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
  /** A valid OpenAI feature the gateway does not offer (n > 1, audio input, legacy function role…). */
  BSK_CHAT_UNSUPPORTED: { status: 400, message: '{param}: {reason}' },
});

/** Field reader whose failures are this front-end's 400 naming the field. */
export const chatReader = createWireReader((param, reason) => chatCompletionsErrors.create('BSK_CHAT_INVALID_REQUEST', { param, reason }));

/** A clear refusal of a feature we know but do not offer. */
export function refuseUnsupported(param: string, reason: string): never {
  throw chatCompletionsErrors.create('BSK_CHAT_UNSUPPORTED', { param, reason });
}
