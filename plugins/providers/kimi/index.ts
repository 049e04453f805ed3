import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider, type PresetPluginConfig } from '../openai-chat/preset-provider';
import { createKimiProvider } from './kimi-provider';

export const activate = definePlugin<PresetPluginConfig>((ctx) => {
  contributePresetProvider(ctx, 'kimi', createKimiProvider);
});
