import { definePlugin } from '../../../kernel/plugin';
import { createRetryMiddleware } from './retry-middleware';

export const activate = definePlugin((ctx) => {
  ctx.contribute('chat-middleware', createRetryMiddleware());
});
