import { definePlugin } from '../../../kernel/plugin';
import { createConversationStore } from './create-conversation-store';
import { createSessionsCommand } from './sessions-command';

export type * from './conversation-event';
export type * from './conversation-store';
export { conversationHistory } from './conversation-history';

export const activate = definePlugin((ctx) => {
  const store = createConversationStore({ layers: ctx.use('layers') });
  ctx.provide('conversations', store);
  ctx.contribute('cli-command', createSessionsCommand(store));
});
