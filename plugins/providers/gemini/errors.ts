import { defineErrors } from '../../../kernel/errors';

export const geminiErrors = defineErrors({
  BSK_GEMINI_TOOL_NAME_UNKNOWN: {
    status: 400,
    message: 'tool result {toolCallId} names no tool and matches no earlier tool call; Gemini needs the function name',
  },
});
