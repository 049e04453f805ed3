import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider } from '../openai-chat/preset-provider';
import type { PooledProviderConfig } from '../shared/upstream-targets';
import { createDeepSeekProvider } from './deepseek-provider';

export const activate = definePlugin<PooledProviderConfig>((ctx) => {
  contributePresetProvider(ctx, 'deepseek', createDeepSeekProvider);
});
