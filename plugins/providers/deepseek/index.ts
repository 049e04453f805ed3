import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider, type PresetPluginConfig } from '../openai-chat/preset-provider';
import { createDeepSeekProvider } from './deepseek-provider';

export const activate = definePlugin<PresetPluginConfig>((ctx) => {
  contributePresetProvider(ctx, 'deepseek', createDeepSeekProvider);
});
