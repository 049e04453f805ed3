import { defineErrors } from '../../../kernel/errors';

export const conversationErrors = defineErrors({
  BSK_CONVERSATION_NOT_FOUND: { status: 404, message: 'no conversation "{sessionId}" in {folder}: `dosia sessions list` shows the saved ones' },
  BSK_CONVERSATION_UNREADABLE: { status: 422, message: 'conversation file {path} has no conversation header: {reason}' },
  BSK_CONVERSATION_ATTACHMENT_MISSING: { status: 404, message: 'attachment {name} of conversation "{sessionId}" cannot be read ({file}): {reason}' },
  BSK_CONVERSATION_BAD_FORK: { status: 400, message: 'cannot fork "{sessionId}" at event {events}: it has {total} events' },
});
