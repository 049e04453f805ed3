import { defineErrors } from '../../../kernel/errors';
import { createWireReader } from '../shared/wire-reader';

/** Errors of the OpenAI Responses front-end; `param` is the dotted path of the field at fault. */
export const responsesErrors = defineErrors({
  BSK_RESPONSES_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
  /** A valid Responses feature the gateway does not offer (stored responses, hosted tools…). */
  BSK_RESPONSES_UNSUPPORTED: { status: 400, message: '{param}: {reason}' },
});

/** Field reader whose failures are this front-end's 400 naming the field. */
export const responsesReader = createWireReader((param, reason) => responsesErrors.create('BSK_RESPONSES_INVALID_REQUEST', { param, reason }));

/** A clear refusal of a feature we know but do not offer. */
export function refuseUnsupported(param: string, reason: string): never {
  throw responsesErrors.create('BSK_RESPONSES_UNSUPPORTED', { param, reason });
}
