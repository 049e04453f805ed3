import { definePlugin } from '../../../kernel/plugin';
import { videoTools } from './video-tools';

export const activate = definePlugin((ctx) => {
  ctx.contribute('mcp-tool-server', videoTools);
});
