import { definePlugin } from '../../../kernel/plugin';
import { openAICompatibleErrors } from './errors';
import { createOpenAICompatibleProvider, type OpenAICompatibleInstance } from './openai-compatible-provider';

export const activate = definePlugin<{ instances: OpenAICompatibleInstance[] }>((ctx) => {
  const seen = new Set<string>();
  for (const instance of ctx.config.instances) {
    // Two instances of one name would make their model ids ambiguous.
    if (seen.has(instance.name)) throw openAICompatibleErrors.create('BSK_COMPATIBLE_DUPLICATE_INSTANCE', { name: instance.name });
    seen.add(instance.name);
    ctx.contribute('chat-provider', createOpenAICompatibleProvider(instance, { fetch: globalThis.fetch, logger: ctx.logger }));
  }
});
