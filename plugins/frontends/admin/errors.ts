import { defineErrors } from '../../../kernel/errors';

export const adminErrors = defineErrors({
  BSK_ADMIN_TOKEN_INVALID: { status: 401, message: 'missing or wrong admin token: send Authorization: Bearer <BYTESPIKE_ADMIN_TOKEN>' },
  BSK_ADMIN_BODY_INVALID: { status: 400, message: 'field {param}: {reason}' },
});
