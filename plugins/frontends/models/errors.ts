import { defineErrors } from '../../../kernel/errors';

export const modelsErrors = defineErrors({
  BSK_MODELS_INVALID_QUERY: { status: 400, message: '{param}: {reason}' },
});
