import { defineErrors } from '../../../kernel/errors';

export const openAICompatibleErrors = defineErrors({
  BSK_COMPATIBLE_DUPLICATE_INSTANCE: { status: 500, message: 'openai-compatible: the instance name "{name}" is configured twice; each instance needs its own name' },
});
