import type { ModelCapability } from '../../../kernel/canonical/model';
import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { Logger } from '../../../kernel/logger';
import { buildModelCatalog, type ModelCatalogEntry } from '../openai-chat/model-catalog';
import { type OpenAIChatPreset, PLAIN_WIRE_SHAPE } from '../openai-chat/openai-chat-preset';
import { createOpenAIChatProvider } from '../openai-chat/openai-chat-provider';
import { openAIResponsesProtocol } from '../openai-responses/openai-responses-protocol';
import { assertModelLifecycles, schedulePriceChangesOf } from '../shared/configured-models';
import type { FetchFunction } from '../shared/upstream-fetch';
import type { PooledProviderConfig } from '../shared/upstream-targets';

/** One configured upstream, as the plugin's config schema describes it; `upstreams` pool its chat models. */
export interface OpenAICompatibleInstance extends PooledProviderConfig {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sendReasoningBack?: boolean;
  /** The server also serves OpenAI's Responses API at `/responses`: Responses clients pass through to it. */
  readonly responsesApi?: boolean;
  readonly models: readonly ModelCatalogEntry[];
}

/** Most servers that speak Chat Completions stream and call tools; an admin narrows this per model. */
const DEFAULT_CAPABILITIES: readonly ModelCapability[] = ['tools', 'streaming'];

/** The plainest wire shape: `max_tokens`, a `system` message, every optional field sent. */
function compatiblePreset(instance: OpenAICompatibleInstance): OpenAIChatPreset {
  return {
    requiresApiKey: false, sendReasoningBack: instance.sendReasoningBack ?? false, wireShape: () => PLAIN_WIRE_SHAPE,
    ...(instance.responsesApi ? { alsoSpeaks: (connection) => ({ 'openai-responses': openAIResponsesProtocol(connection) }) } : {}),
  };
}

/** A ChatProvider named after the instance, for its configured models. */
export function createOpenAICompatibleProvider(instance: OpenAICompatibleInstance, dependencies: { readonly fetch: FetchFunction; readonly logger: Logger }): ChatProvider {
  const models = buildModelCatalog(instance.name, instance.models, DEFAULT_CAPABILITIES);
  schedulePriceChangesOf(instance.name, models);
  return createOpenAIChatProvider(compatiblePreset(instance), {
    name: instance.name,
    apiKey: instance.apiKey,
    baseUrl: instance.baseUrl,
    headers: instance.headers,
    models: assertModelLifecycles(instance.name, models),
    fetch: dependencies.fetch,
    logger: dependencies.logger.child({ instance: instance.name }),
  });
}
