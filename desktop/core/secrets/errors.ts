import { defineErrors } from '../../../kernel/errors';

export const secretsErrors = defineErrors({
  BSK_SECRETS_UNREADABLE: { status: 500, message: 'the secret store {file} cannot be read: {reason}' },
  BSK_SECRETS_LOCKED: { status: 409, message: 'secret "{name}" was encrypted with {cipher}, which is not available here (sign in again, or re-enter the key, in this app)' },
  BSK_SECRETS_BAD_NAME: { status: 400, message: 'secret name "{name}" must use only letters, digits, ".", "-" and "_"' },
});
