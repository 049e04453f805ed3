import { defineErrors } from '../../../kernel/errors';

export const embeddingsErrors = defineErrors({
  BSK_EMBEDDINGS_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
});
