import { defineErrors } from '../../../kernel/errors';

export const rerankErrors = defineErrors({
  BSK_RERANK_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
});
