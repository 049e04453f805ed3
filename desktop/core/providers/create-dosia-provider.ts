import type { DosiaModel, DosiaProvider, GenerationRecord, ProviderConfig, TurnPart } from './dosia-provider';
import { anthropicWire } from './anthropic-wire';
import { awaitSettledGeneration, lookupGeneration } from './generation-lookup';
import { meterTurn } from './meter-turn';
import { openaiWire } from './openai-wire';
import { apiUrl, readJsonBody, sendProviderRequest, type FetchFunction } from './provider-request';
import { readModelList } from './read-model-list';
import { readCreditsHeader, readGatewayHeaders, readWireStream } from './read-wire-stream';
import { toCanonicalRequest, toModelInfo, type WireProtocol } from './wire-protocol';
import { providerErrors } from './errors';

export interface ProviderDependencies {
  readonly fetch: FetchFunction;
  /** Milliseconds, monotonic (performance.now in production). */
  readonly now: () => number;
}

/** Anthropic lists models in pages; a gateway with more than this many pages is not one we know. */
const MAX_MODEL_PAGES = 20;

function wireOf(config: ProviderConfig): WireProtocol {
  return config.type === 'openai' ? openaiWire : anthropicWire;
}

async function listModels(config: ProviderConfig, wire: WireProtocol, dependencies: ProviderDependencies, signal?: AbortSignal): Promise<DosiaModel[]> {
  const models: DosiaModel[] = [];
  let afterId: string | null = null;
  for (let page = 0; page < MAX_MODEL_PAGES; page++) {
    const response = await sendProviderRequest({
      provider: config.name, url: apiUrl(config.url, wire.modelsPath(afterId)), method: 'GET',
      headers: wire.headers(config.key), signal, fetch: dependencies.fetch, readErrorBody: wire.readErrorBody,
    });
    const list = readModelList(config.name, await readJsonBody(config.name, response));
    models.push(...list.models);
    if (!list.hasMore || !list.lastId) break;
    afterId = list.lastId;
  }
  return models;
}

async function streamTurn(config: ProviderConfig, wire: WireProtocol, dependencies: ProviderDependencies, request: Parameters<DosiaProvider['streamTurn']>[0], signal?: AbortSignal): Promise<AsyncIterable<TurnPart>> {
  const startedAt = dependencies.now();
  const response = await sendProviderRequest({
    provider: config.name, url: apiUrl(config.url, wire.chatPath), method: 'POST', headers: { ...request.headers, ...wire.headers(config.key) },
    body: wire.buildBody(toCanonicalRequest(request), toModelInfo(config.name, request.model)),
    signal, fetch: dependencies.fetch, readErrorBody: wire.readErrorBody, model: request.model,
  });
  if (!response.body) throw providerErrors.create('BSK_PROVIDER_MALFORMED', { provider: config.name, reason: 'the stream has no body' });
  let settledCredits: number | null = null;
  const reader = wire.createReader(request.model, (credits) => void (settledCredits = credits));
  return meterTurn(readWireStream(response.body, reader, signal), {
    provider: config.name,
    model: request.model,
    requestId: response.headers.get('request-id'),
    estimatedCredits: readCreditsHeader(response.headers),
    gatewayHeaders: readGatewayHeaders(response.headers),
    settledCredits: () => settledCredits,
    ...(config.type === 'bytespike' ? { settledRecord: (requestId: string) => awaitSettledGeneration(config, dependencies.fetch, requestId) } : {}),
    startedAt,
    now: dependencies.now,
  });
}

/** A provider for one `providers.<name>` entry: ByteSpike, or any Anthropic- or OpenAI-compatible URL. */
export function createDosiaProvider(config: ProviderConfig, dependencies: ProviderDependencies): DosiaProvider {
  const wire = wireOf(config);
  const provider: DosiaProvider = {
    name: config.name,
    type: config.type,
    url: config.url,
    listModels: (signal) => listModels(config, wire, dependencies, signal),
    streamTurn: (request, signal) => streamTurn(config, wire, dependencies, request, signal),
  };
  if (config.type !== 'bytespike') return provider;
  return { ...provider, generation: (requestId: string, signal?: AbortSignal): Promise<GenerationRecord> => lookupGeneration(config, dependencies.fetch, requestId, signal) };
}
