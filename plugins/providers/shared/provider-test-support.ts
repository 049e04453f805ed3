import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { isUpstreamError, type UpstreamError } from '../../../kernel/canonical/upstream-error';
import { resolvePluginSection } from '../../../kernel/config';
import { pluginConfigProblem } from '../../../kernel/plan';
import type { PluginManifest } from '../../../kernel/manifest';
import type { PluginContext, PluginModule } from '../../../kernel/plugin';
import { type JsonSchema, validateAgainst } from '../../../kernel/schema-validator';
import pluginSchema from '../../../schemas/plugin.schema.json';
import type { FetchFunction } from './upstream-fetch';
import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';

/** Test support for every provider: a recording fetch, upstream answers, call contexts and plugin activation. */

export const silentLogger = pino({ level: 'silent' });

export function jsonResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

export interface SentRequest {
  readonly url: string;
  readonly init: RequestInit;
  readonly headers: Record<string, string>;
  /** The JSON body; empty for none or a multipart one (read `init.body` for that). */
  readonly body: Record<string, unknown>;
}

/** A fetch that records what it was sent and answers with `respond`. */
export function fakeFetch(respond: (sent: SentRequest) => Response | Promise<Response>): { fetch: FetchFunction; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const entry = { url: String(url), init, headers: (init.headers ?? {}) as Record<string, string>, body: typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {} };
    sent.push(entry);
    return respond(entry);
  }) as FetchFunction;
  return { fetch, sent };
}

/** A fetch that answers every call with `body` as JSON (a recording, or an error body with `status`). */
export function replayJson(body: unknown, status = 200): { fetch: FetchFunction; sent: SentRequest[] } {
  return fakeFetch(() => jsonResponse(JSON.stringify(body), status));
}

/** A fetch that never answers: it rejects with the signal's reason once the call aborts. */
export const hangingFetch = ((_url: string | URL | Request, init: RequestInit = {}) =>
  new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as FetchFunction;

/** An http://127.0.0.1 origin where nothing listens: a port just given back by a closed server. */
export async function refusingOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

export function callContext(overrides: Partial<CallContext> = {}): CallContext {
  return { signal: new AbortController().signal, requestId: 'req_test', forwardHeaders: {}, ...overrides };
}

export function canonicalRequest(overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'test', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], tools: [], stop: [], metadata: {}, stream: false, ...overrides };
}

export async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

export async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isUpstreamError(error)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

export interface ActivatedPlugin {
  readonly manifest: PluginManifest;
  readonly config: Record<string, unknown>;
  readonly providers: ChatProvider[];
  /** Every contribution, by contribution point. */
  readonly contributions: Readonly<Record<string, unknown[]>>;
}

/**
 * What the kernel does for one provider plugin, without booting the rest of the gateway:
 * the manifest checked against the plugin schema, its config section overlaid by the
 * manifest's env mapping and validated (defaults applied), then `activate` with a context
 * that collects the contributions. Throws the first problem found.
 */
export async function activateProviderPlugin(folder: string, options: { section?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {}): Promise<ActivatedPlugin> {
  const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')) as PluginManifest;
  const manifestProblems = validateAgainst(pluginSchema as JsonSchema, manifest);
  if (manifestProblems.length) throw new Error(`plugin.json: ${manifestProblems[0]!.field} ${manifestProblems[0]!.reason}`);
  const config = resolvePluginSection(options.section, manifest.env, options.env ?? {});
  const configProblems = validateAgainst(manifest.config ?? {}, config);
  if (configProblems.length) throw new Error(`config: ${configProblems[0]!.field} ${configProblems[0]!.reason}`);
  const contributions: Record<string, unknown[]> = {};
  const configSource = { configFile: 'the test section', env: options.env ?? {} };
  const context: Partial<PluginContext> = {
    name: manifest.name, manifest, folder, config, logger: silentLogger,
    contribute: (point, item) => void (contributions[point] ??= []).push(item),
    configProblem: (field, error) => pluginConfigProblem({ manifest, manifestFile: join(folder, 'plugin.json') }, configSource, field, error),
  };
  const module = (await import(join(folder, manifest.entry))) as PluginModule;
  await module.activate(context as unknown as PluginContext);
  return { manifest, config, providers: (contributions['chat-provider'] ?? []) as ChatProvider[], contributions };
}

/** What a tap's delivered-token count should read for these content texts. */
export function estimatedTokensOf(texts: readonly string[]): number {
  const counter = new TextTokenCounter();
  for (const text of texts) counter.add(text);
  return counter.tokens;
}
