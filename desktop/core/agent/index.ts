import { definePlugin } from '../../../kernel/plugin';
import { createChatCommand } from './chat-command';
import { createAgent } from './create-agent';
import { createToolRegistry } from './tool-source';

export type * from './agent';
export type * from './approval';
export type * from './tool-source';

export const activate = definePlugin((ctx) => {
  const tools = createToolRegistry();
  const agent = createAgent({
    layers: ctx.use('layers'),
    providers: ctx.use('providers'),
    conversations: ctx.use('conversations'),
    tools,
    logger: ctx.logger,
    cwd: ctx.kernel.cwd,
  });
  ctx.provide('agent-tools', tools);
  ctx.provide('agent', agent);
  ctx.contribute('cli-command', createChatCommand(agent, () => ctx.contributions('agent-skill-runner')[0]));
});
