import { defineErrors } from '../../../kernel/errors';
import { createWireReader } from '../shared/wire-reader';

/** Errors of the OpenAI Responses front-end; `param` is the dotted path of the field at fault. */
export const responsesErrors = defineErrors({
  BSK_RESPONSES_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
  /** A valid Responses feature the gateway does not offer (stored responses, hosted tools…). */
  BSK_RESPONSES_UNSUPPORTED: { status: 400, message: '{param}: {reason}' },
  /** OpenAI's own answer, word for word (a 400, not a 404): an unknown, expired or deleted id, or another org's. */
  BSK_RESPONSES_PREVIOUS_NOT_FOUND: { status: 400, message: "Previous response with id '{id}' not found." },
  /** The response exists, but one before it in its conversation is gone: continuing would silently drop turns. */
  BSK_RESPONSES_CONVERSATION_BROKEN: { status: 400, message: "Previous response with id '{id}' cannot be continued: the earlier response '{missing}' of its conversation expired or was deleted; send the whole conversation in input instead" },
  BSK_RESPONSES_NOT_FOUND: { status: 404, message: "Response with id '{id}' not found." },
});

/** Field reader whose failures are this front-end's 400 naming the field. */
export const responsesReader = createWireReader((param, reason) => responsesErrors.create('BSK_RESPONSES_INVALID_REQUEST', { param, reason }));

/** A clear refusal of a feature we know but do not offer. */
export function refuseUnsupported(param: string, reason: string): never {
  throw responsesErrors.create('BSK_RESPONSES_UNSUPPORTED', { param, reason });
}
