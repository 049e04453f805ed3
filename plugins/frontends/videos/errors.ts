import { defineErrors } from '../../../kernel/errors';

export const videosErrors = defineErrors({
  BSK_VIDEOS_INVALID_REQUEST: { status: 400, message: '{param}: {reason}' },
  BSK_VIDEOS_UNSUPPORTED: { status: 400, message: '{param} "{value}" is not supported by {model}; use one of: {allowed}' },
  BSK_VIDEOS_NOT_FOUND: { status: 404, message: 'video "{id}" does not exist' },
  BSK_VIDEOS_NOT_READY: { status: 409, message: 'video "{id}" has no content: its status is {status}' },
});
