import { defineErrors } from '../../../kernel/errors';

export const openAICompatibleErrors = defineErrors({
  BSK_COMPATIBLE_DUPLICATE_INSTANCE: { status: 500, message: 'the name "{name}" is already that of instances.{first}; each instance needs its own name' },
});
