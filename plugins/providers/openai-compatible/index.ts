import { definePlugin } from '../../../kernel/plugin';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { contributePool, poolUpstreams, type UpstreamTarget } from '../shared/upstream-targets';
import { createCompatibleModalityProviders, isChatEntry } from './compatible-modality-providers';
import { openAICompatibleErrors } from './errors';
import { createOpenAICompatibleProvider, type OpenAICompatibleInstance } from './openai-compatible-provider';

export const activate = definePlugin<{ instances: OpenAICompatibleInstance[] }>((ctx) => {
  const firstOfName = new Map<string, number>();
  for (const [index, instance] of ctx.config.instances.entries()) {
    // Two instances of one name would make their model ids ambiguous.
    const first = firstOfName.get(instance.name);
    if (first !== undefined) throw ctx.configProblem(`instances.${index}.name`, openAICompatibleErrors.create('BSK_COMPATIBLE_DUPLICATE_INSTANCE', { name: instance.name, first }));
    firstOfName.set(instance.name, index);
    const chatModels = instance.models.filter(isChatEntry);
    if (chatModels.length) {
      const create = (target: UpstreamTarget) => createOpenAICompatibleProvider({ ...instance, apiKey: target.apiKey, baseUrl: target.baseUrl ?? instance.baseUrl, models: chatModels }, { fetch: nodeHttpFetch, logger: ctx.logger });
      // A compatible server may need no key, so its own base URL stays in the pool beside keyed `upstreams`.
      contributePool(ctx, poolUpstreams(instance, instance.name, create, { keyless: true }));
    }
    const { embeddings, rerank, health } = createCompatibleModalityProviders(instance, nodeHttpFetch);
    if (embeddings) ctx.contribute('embedding-provider', embeddings);
    if (rerank) ctx.contribute('rerank-provider', rerank);
    if (health) ctx.contribute('upstream-pool', health);
  }
});
