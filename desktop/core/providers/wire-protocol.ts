import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { ErrorBodyReader } from '../../../plugins/providers/shared/upstream-fetch';
import type { ChatTurnRequest } from './dosia-provider';
import type { WireEventReader } from './read-wire-stream';

/**
 * What differs between the two wire protocols DOSIA speaks. The request conversion and
 * stream parsing are the gateway's own (plugins/providers/anthropic, …/openai-chat): one
 * mapping serves the gateway and the client.
 */
export interface WireProtocol {
  /** Auth and protocol headers for a key (none for keyless local servers). */
  headers(key: string | undefined): Record<string, string>;
  /** Path of the chat endpoint under the base URL. */
  readonly chatPath: string;
  /** Path (with query) of the model list; `afterId` continues a paged list. */
  modelsPath(afterId: string | null): string;
  buildBody(request: CanonicalRequest, model: ModelInfo): unknown;
  /** A reader of one stream; `onCredits` receives the final usage event's `bytespike_credits`. */
  createReader(model: string, onCredits: (credits: number) => void): WireEventReader;
  readonly readErrorBody: ErrorBodyReader;
}

/** The canonical request for one streamed model call. */
export function toCanonicalRequest(request: ChatTurnRequest): CanonicalRequest {
  return {
    model: request.model,
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    stop: [],
    metadata: {},
    stream: true,
    ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

/** The catalog entry the converters expect; DOSIA sends the provider's own id unchanged. */
export function toModelInfo(provider: string, modelId: string): ModelInfo {
  return { id: modelId, provider, upstreamId: modelId, aliases: [], displayName: modelId, modality: 'chat', capabilities: [], pricing: {} };
}
