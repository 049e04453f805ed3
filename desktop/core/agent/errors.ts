import { defineErrors } from '../../../kernel/errors';

export const agentErrors = defineErrors({
  BSK_AGENT_UNKNOWN_SKILL: { status: 400, message: 'unknown skill "{skill}": {reason}' },
  BSK_AGENT_BAD_PATH: { status: 400, message: 'path "{path}" is outside the project folder {root}' },
  BSK_AGENT_TOOL_TIMEOUT: { status: 504, message: 'tool {tool} did not finish within {timeoutMs} ms (stopped)' },
  BSK_AGENT_EMPTY_PROMPT: { status: 400, message: 'the prompt is empty' },
  BSK_AGENT_BAD_ATTACHMENT: { status: 400, message: 'attachment refused: {reason}' },
  BSK_AGENT_MODEL_NOT_ALLOWED: { status: 400, message: 'model {model} is not allowed {by}; choose one of {allowed} (-m)' },
});
