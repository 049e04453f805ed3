import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { contributeProvider, type TimedProviderConfig } from '../shared/provider-options';
import { createAnthropicProvider } from './anthropic-provider';
import catalog from './models.json';

export const activate = definePlugin<TimedProviderConfig>((ctx) => {
  contributeProvider(ctx, 'anthropic', catalog as readonly ModelInfo[], createAnthropicProvider);
});
