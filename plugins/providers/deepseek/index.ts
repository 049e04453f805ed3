import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider, type PresetPluginConfig } from '../openai-chat/preset-provider';
import { createDeepSeekProvider } from './deepseek-provider';

type DeepSeekPluginConfig = PresetPluginConfig & { readonly offPeakDates?: readonly string[] };

export const activate = definePlugin<DeepSeekPluginConfig>((ctx) => {
  contributePresetProvider(ctx, 'deepseek', (options) => createDeepSeekProvider({ ...options, offPeakDates: ctx.config.offPeakDates }));
});
