import { definePlugin } from '../../../kernel/plugin';
import { fallbackMiddleware } from './fallback-middleware';

export const activate = definePlugin((ctx) => {
  ctx.contribute('chat-middleware', fallbackMiddleware);
});
