import { definePlugin } from '../../../kernel/plugin';
import { textWritingTools } from './text-writing-tools';

export const activate = definePlugin((ctx) => {
  ctx.contribute('mcp-tool-server', textWritingTools);
});
