import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicRoutes } from './anthropic-messages';
import { handleControlRequest } from './control-api';
import { FailureCounters } from './faults';
import { FixtureStore, defaultFixturesDirectory } from './fixture-store';
import { geminiGenerateRoutes } from './gemini-generate';
import { geminiMediaRoutes } from './gemini-media';
import { handleProviderRequest, type PipelineState } from './handle-request';
import { JobStore } from './job-store';
import { MODEL_CATALOG } from './model-catalog';
import { openAiChatRoutes } from './openai-chat';
import { openAiMediaRoutes } from './openai-media';
import { openAiResponsesRoutes } from './openai-responses';
import { PROVIDER_NAMES, type ProviderName } from './provider-errors';
import { rerankAndEmbedRoutes } from './rerank-and-embed';
import { RequestLog } from './request-log';

export type { ProviderName } from './provider-errors';
export type { RecordedRequest } from './request-log';

export interface UpstreamSimulatorOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** The one key every provider accepts; without it any non-empty key is accepted. */
  readonly apiKey?: string;
  /** Per-provider keys, overriding `apiKey`. */
  readonly apiKeys?: Partial<Record<ProviderName, string>>;
  readonly fixturesDirectory?: string;
  /** How many recent requests `/__sim/requests` keeps (default 1000). */
  readonly requestLogLimit?: number;
}

/** Base URL of each provider, as its official SDK or the gateway's adapter expects it. */
export interface UpstreamBaseUrls {
  readonly anthropic: string;
  readonly openai: string;
  readonly gemini: string;
  readonly deepseek: string;
  readonly kimi: string;
  readonly cohere: string;
  readonly voyage: string;
  /** OpenAI-compatible servers, for `openai-compatible` instances (openai-compatible-flavours.ts). */
  readonly ollama: string;
  readonly ollamaLegacy: string;
  readonly vllm: string;
  readonly openrouter: string;
  readonly groq: string;
  /** A server that sends no ids and no usage (BARE_FLAVOUR). */
  readonly bare: string;
}

export interface UpstreamSimulator {
  /** `http://host:port`; the control API is under `${url}/__sim/`. */
  readonly url: string;
  readonly baseUrls: UpstreamBaseUrls;
  close(): Promise<void>;
}

const PREFIXES: readonly (readonly [string, ProviderName])[] = [
  ['/anthropic/', 'anthropic'], ['/openai/', 'openai'], ['/deepseek/', 'deepseek'], ['/moonshot/', 'kimi'],
  ['/gemini/', 'gemini'], ['/cohere/', 'cohere'], ['/voyage/', 'voyage'],
];

export function baseUrlsOf(url: string): UpstreamBaseUrls {
  return {
    anthropic: `${url}/anthropic`,
    openai: `${url}/openai/v1`,
    gemini: `${url}/gemini`,
    deepseek: `${url}/deepseek`,
    kimi: `${url}/moonshot/v1`,
    cohere: `${url}/cohere`,
    voyage: `${url}/voyage/v1`,
    ollama: `${url}/ollama/v1`,
    ollamaLegacy: `${url}/ollama-0.5.1/v1`,
    vllm: `${url}/vllm/v1`,
    openrouter: `${url}/openrouter/api/v1`,
    groq: `${url}/groq/openai/v1`,
    bare: `${url}/bare/v1`,
  };
}

function createPipelineState(options: UpstreamSimulatorOptions): PipelineState {
  const apiKeys: Partial<Record<ProviderName, string>> = {};
  for (const provider of PROVIDER_NAMES) {
    const key = options.apiKeys?.[provider] ?? options.apiKey;
    if (key !== undefined) apiKeys[provider] = key;
  }
  return {
    routes: [
      ...anthropicRoutes,
      ...openAiChatRoutes({ openai: MODEL_CATALOG.openai, deepseek: MODEL_CATALOG.deepseek, kimi: MODEL_CATALOG.kimi }),
      ...openAiResponsesRoutes, ...openAiMediaRoutes, ...geminiGenerateRoutes, ...geminiMediaRoutes, ...rerankAndEmbedRoutes,
    ],
    services: { fixtures: new FixtureStore(options.fixturesDirectory ?? defaultFixturesDirectory()), jobs: new JobStore() },
    requests: new RequestLog(options.requestLogLimit ?? 1000),
    failures: new FailureCounters(),
    apiKeys,
    prefixes: PREFIXES,
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** Starts one HTTP server that stands in for every upstream provider. */
export async function startUpstreamSimulator(options: UpstreamSimulatorOptions = {}): Promise<UpstreamSimulator> {
  const state = createPipelineState(options);
  const control = { requests: state.requests, failures: state.failures, jobs: state.services.jobs };
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const origin = `http://${incoming.headers.host ?? 'localhost'}`;
    const url = new URL(incoming.url ?? '/', origin);
    const handled = url.pathname.startsWith('/__sim/')
      ? Promise.resolve(handleControlRequest(control, incoming.method ?? 'GET', url, response))
      : handleProviderRequest(state, incoming, response, url, origin);
    handled.catch((error: unknown) => {
      // A simulator bug must be loud for the test that hit it, never a hang.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: `simulator crashed: ${error instanceof Error ? error.stack : String(error)}` }));
    });
  });
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    baseUrls: baseUrlsOf(url),
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Streams in flight and hung requests would otherwise keep close() waiting forever.
      server.closeAllConnections();
    }),
  };
}
