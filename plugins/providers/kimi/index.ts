import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider } from '../openai-chat/preset-provider';
import type { PooledProviderConfig } from '../shared/upstream-targets';
import { createKimiProvider } from './kimi-provider';

export const activate = definePlugin<PooledProviderConfig>((ctx) => {
  contributePresetProvider(ctx, 'kimi', createKimiProvider);
});
