import { definePlugin } from '../../../kernel/plugin';
import { imageTools } from './image-tools';

export const activate = definePlugin((ctx) => {
  ctx.contribute('mcp-tool-server', imageTools);
});
