import { definePlugin } from '../../../kernel/plugin';
import { timeoutMiddleware } from './timeout-middleware';

export const activate = definePlugin((ctx) => {
  ctx.contribute('chat-middleware', timeoutMiddleware);
});
