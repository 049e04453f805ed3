import { definePlugin } from '../../../kernel/plugin';
import { createCompareCommand } from './compare-command';
import { createComparer } from './create-comparer';

export type * from './compare';

export const activate = definePlugin((ctx) => {
  const comparer = createComparer({ providers: ctx.use('providers'), conversations: ctx.use('conversations') });
  ctx.provide('compare', comparer);
  ctx.contribute('cli-command', createCompareCommand(comparer));
});
