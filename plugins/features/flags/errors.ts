import { defineErrors } from '../../../kernel/errors';

export const flagErrors = defineErrors({
  BSK_FLAGS_MALFORMED: { status: 400, message: '{source} is not valid JSON: {reason}' },
  BSK_FLAGS_INVALID: { status: 400, message: 'flag "{flag}" {reason}' },
  BSK_FLAGS_FORBIDDEN: { status: 403, message: 'flag "{flag}" is forbidden by your organisation' },
  BSK_FLAGS_OVER_CAP: { status: 400, message: 'flag "{flag}" is {value}, above your organisation\'s limit of {cap}' },
  BSK_FLAGS_SUBJECT_NOT_FOUND: { status: 404, message: 'no {kind} {id}' },
  BSK_FLAGS_WIDENS_PARENT: { status: 403, message: 'flag settings of key {keyId} cannot allow more than its org and parent keys: {reason}' },
});
