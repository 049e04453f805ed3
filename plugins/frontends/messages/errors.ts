import { defineErrors } from '../../../kernel/errors';
import { createWireReader } from '../shared/wire-reader';

/** Errors of the Anthropic Messages front-end; `param` is the dotted path of the field at fault. */
export const messagesErrors = defineErrors({
  BSK_MESSAGES_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
});

/** Field reader whose failures are this front-end's 400 naming the field. */
export const messagesReader = createWireReader((param, reason) => messagesErrors.create('BSK_MESSAGES_INVALID_REQUEST', { param, reason }));
