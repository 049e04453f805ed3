import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { isUpstreamError, type UpstreamError } from '../../../kernel/canonical/upstream-error';
import { resolvePluginSection } from '../../../kernel/config';
import type { PluginManifest } from '../../../kernel/manifest';
import type { PluginContext, PluginModule } from '../../../kernel/plugin';
import { type JsonSchema, validateAgainst } from '../../../kernel/schema-validator';
import pluginSchema from '../../../schemas/plugin.schema.json';
import type { FetchFunction } from '../shared/upstream-fetch';

/** Test support: recordings as upstream responses, a recording fetch, and stream summaries. */

export const silentLogger = pino({ level: 'silent' });

export function readFixture(file: string): string {
  return readFileSync(join(import.meta.dirname, '__fixtures__', file), 'utf8');
}

/** A recorded `*.chunks.txt` as the SSE bytes the upstream sent, `data: [DONE]` included. */
export function sseTextOf(file: string, options: { done?: boolean } = {}): string {
  const events = readFixture(file).split('\n').filter((line) => line.trim() !== '').map((line) => `data: ${line}\n\n`);
  return events.join('') + (options.done === false ? '' : 'data: [DONE]\n\n');
}

/** A body that delivers `text` in pieces of `size` bytes, so parsers see chunks split anywhere. */
export function chunkedBody(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

export function sseResponse(text: string, init: ResponseInit = {}): Response {
  return new Response(chunkedBody(text), { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

export function jsonResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

export interface SentRequest {
  readonly url: string;
  readonly init: RequestInit;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/** A fetch that records what it was sent and answers with `respond`. */
export function fakeFetch(respond: (sent: SentRequest) => Response | Promise<Response>): { fetch: FetchFunction; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const entry = { url: String(url), init, headers: (init.headers ?? {}) as Record<string, string>, body: init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {} };
    sent.push(entry);
    return respond(entry);
  }) as FetchFunction;
  return { fetch, sent };
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

export interface StreamBlock {
  kind: 'text' | 'reasoning' | 'tool-call';
  index: number;
  text: string;
  id?: string;
  name?: string;
}

export interface StreamSummary {
  readonly messageStarts: number;
  readonly blocks: StreamBlock[];
  readonly finish?: Extract<StreamPart, { type: 'finish' }>;
  readonly errors: Extract<StreamPart, { type: 'error' }>['error'][];
}

/**
 * Folds parts into blocks, failing on any part out of place: a delta or end for a block
 * that is not open, a block opened twice or never closed, anything after finish or error.
 */
export function summarizeParts(parts: readonly StreamPart[]): StreamSummary {
  const summary: { messageStarts: number; blocks: StreamBlock[]; finish?: StreamSummary['finish']; errors: StreamSummary['errors'] } = { messageStarts: 0, blocks: [], errors: [] };
  const open = new Map<number, StreamBlock>();
  const openBlock = (block: StreamBlock) => {
    if (open.has(block.index) || summary.blocks.some((seen) => seen.index === block.index)) throw new Error(`block ${block.index} opened twice`);
    open.set(block.index, block);
    summary.blocks.push(block);
  };
  const blockAt = (index: number) => {
    const block = open.get(index);
    if (!block) throw new Error(`part for block ${index} that is not open`);
    return block;
  };
  for (const part of parts) {
    if (summary.finish || summary.errors.length) throw new Error(`${part.type} after the end of the stream`);
    switch (part.type) {
      case 'message-start': summary.messageStarts += 1; break;
      case 'text-start': openBlock({ kind: 'text', index: part.index, text: '' }); break;
      case 'reasoning-start': openBlock({ kind: 'reasoning', index: part.index, text: '' }); break;
      case 'tool-call-start': openBlock({ kind: 'tool-call', index: part.index, text: '', id: part.id, name: part.name }); break;
      case 'text-delta': case 'reasoning-delta': blockAt(part.index).text += part.text; break;
      case 'tool-input-delta': blockAt(part.index).text += part.json; break;
      case 'text-end': case 'reasoning-end': case 'tool-call-end': blockAt(part.index); open.delete(part.index); break;
      case 'finish': summary.finish = part; break;
      case 'error': summary.errors.push(part.error); break;
      default: break;
    }
  }
  if (summary.finish && open.size) throw new Error(`finished with blocks still open: ${[...open.keys()].join(', ')}`);
  return summary;
}

export interface ActivatedPlugin {
  readonly manifest: PluginManifest;
  readonly config: Record<string, unknown>;
  readonly providers: ChatProvider[];
}

/**
 * What the kernel does for one provider plugin, without booting the rest of the gateway:
 * the manifest checked against the plugin schema, its config section overlaid by the
 * manifest's env mapping and validated (defaults applied), then `activate` with a context
 * that collects `chat-provider` contributions. Throws the first problem found.
 */
export async function activateProviderPlugin(folder: string, options: { section?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {}): Promise<ActivatedPlugin> {
  const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')) as PluginManifest;
  const manifestProblems = validateAgainst(pluginSchema as JsonSchema, manifest);
  if (manifestProblems.length) throw new Error(`plugin.json: ${manifestProblems[0]!.field} ${manifestProblems[0]!.reason}`);
  const config = resolvePluginSection(options.section, manifest.env, options.env ?? {});
  const configProblems = validateAgainst(manifest.config ?? {}, config);
  if (configProblems.length) throw new Error(`config: ${configProblems[0]!.field} ${configProblems[0]!.reason}`);
  const providers: ChatProvider[] = [];
  const context = { name: manifest.name, manifest, folder, config, logger: silentLogger, contribute: (point: string, item: ChatProvider) => point === 'chat-provider' && providers.push(item) };
  const module = (await import(join(folder, manifest.entry))) as PluginModule;
  await module.activate(context as unknown as PluginContext);
  return { manifest, config, providers };
}
