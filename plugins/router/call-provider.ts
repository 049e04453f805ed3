import type { ModelInfo } from '../../kernel/canonical/model';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { CallContext, ChatProvider, NativeProtocol, PassthroughResponse, UsageTap, WireProtocol } from '../../kernel/canonical/provider';
import { readPassthroughBody, readWholeBody, type WholeBody } from '../../kernel/canonical/passthrough-body';
import type { StreamPart } from '../../kernel/canonical/stream';
import { createUpstreamError, isRetryable, kindForStatus, parseRetryAfter } from '../../kernel/canonical/upstream-error';
import { markRequestPhase } from '../../kernel/request-phases';
import type { ChatAnswer, ChatCall } from './chat-middleware';
import { gatewayErrors } from './gateway-errors';

/** Fields of ours a client may put in a body; never sent upstream. */
const GATEWAY_BODY_FIELDS: readonly string[] = ['bytespike'];

/** The client's body without our own fields, copied (the upstream model id is then set on the copy). */
function copyWithoutGatewayFields(rawBody: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // A spread copies a parsed body's shape in one step; building the copy key by key (only when
  // a field of ours is there) makes V8 add each property on its slow path.
  for (const field of GATEWAY_BODY_FIELDS) {
    if (!(field in rawBody)) continue;
    const body: Record<string, unknown> = {};
    for (const name of Object.keys(rawBody)) if (!GATEWAY_BODY_FIELDS.includes(name)) body[name] = rawBody[name];
    return body;
  }
  return { ...rawBody };
}

/** The client's body, unchanged but for the upstream model id and our own fields: what native passthrough sends (count_tokens' too). */
export function toUpstreamBody(rawBody: Readonly<Record<string, unknown>>, model: ModelInfo): Record<string, unknown> {
  const body = copyWithoutGatewayFields(rawBody);
  body.model = model.upstreamId;
  return body;
}

/**
 * The body passthrough sends. An OpenAI stream only reports usage when
 * `stream_options.include_usage` is set, and a stream we cannot bill is not an option: we ask
 * for it, and hide that chunk from a client that did not.
 */
function preparePassthroughBody(call: ChatCall, model: ModelInfo): { body: Record<string, unknown>; hideFinalUsage: boolean } {
  const body = toUpstreamBody(call.rawBody, model);
  if (call.protocol !== 'openai-chat' || !call.request.stream) return { body, hideFinalUsage: false };
  const streamOptions = (body.stream_options ?? {}) as Record<string, unknown>;
  if (streamOptions.include_usage === true) return { body, hideFinalUsage: false };
  return { body: { ...body, stream_options: { ...streamOptions, include_usage: true } }, hideFinalUsage: true };
}

function readErrorMessage(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A passthrough answer with a retryable status (429, 5xx, 529) becomes a thrown UpstreamError,
 * the same as on the canonical path, so retry and fallback can act on it; the client then
 * gets the error in its protocol's shape. Other error statuses are relayed byte for byte.
 */
async function throwIfRetryable(provider: string, response: PassthroughResponse): Promise<void> {
  const kind = kindForStatus(response.status);
  if (response.status < 400 || !isRetryable({ kind, message: '' })) return;
  const text = await readPassthroughBody(response.body).then((bytes) => bytes.toString('utf8'), () => '');
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  throw createUpstreamError(provider, {
    kind,
    message: readErrorMessage(text) ?? `HTTP ${response.status}`,
    status: response.status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/**
 * A non-streamed answer is read (and tapped) here, as the relay would read it before sending a
 * byte: one that is no answer (cut off, past the deadline, not JSON, or an error in a 2xx body, as
 * OpenRouter sends once the model has started, https://openrouter.ai/docs/api-reference/errors)
 * is then a failure before the first byte, as on the translated path, and retry and fallback act
 * on it. A failed Responses object is the protocol's own answer, and goes on.
 */
async function readWholeAnswer(call: ChatCall, response: PassthroughResponse, tap: UsageTap): Promise<WholeBody> {
  markRequestPhase(call.requestId, 'relaying');
  const whole = await readWholeBody(response, tap);
  markRequestPhase(call.requestId, 'body-read');
  const { tapped } = whole;
  const failure = whole.interrupted ?? (tapped.error && !tapped.errorIsAnswer ? tapped.error : null);
  if (!failure) return whole;
  const retryAfterSeconds = failure.retryAfterSeconds ?? parseRetryAfter(response.headers.get('retry-after'));
  throw createUpstreamError(call.provider.name, { ...failure, status: response.status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
}

/**
 * Waits for the first part: an `error` before anything else means nothing reached the
 * client yet, so it is thrown like any failure before the first byte (retry and fallback
 * act on it). Afterwards the parts flow unchanged, and stopping early cancels the upstream.
 */
async function primeStream(provider: string, parts: AsyncIterable<StreamPart>): Promise<AsyncIterable<StreamPart>> {
  const iterator = parts[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (!first.done && first.value.type === 'error') {
    await iterator.return?.();
    throw createUpstreamError(provider, first.value.error);
  }
  const rest: AsyncIterable<StreamPart> = { [Symbol.asyncIterator]: () => iterator };
  return (async function* () {
    if (!first.done) yield first.value;
    yield* rest;
  })();
}

/** How the provider speaks `protocol` natively for this model, if it does: its main protocol, or one it also speaks. */
export function nativeProtocol(provider: ChatProvider, protocol: WireProtocol, model: ModelInfo): NativeProtocol | undefined {
  if (model.protocols && !model.protocols.includes(protocol)) return undefined;
  if (provider.protocol !== protocol) return provider.alsoSpeaks?.[protocol];
  // The provider itself, when it has both halves: no wrapper object per request.
  return provider.passthrough && provider.createUsageTap ? (provider as ChatProvider & NativeProtocol) : undefined;
}

/** What decides whether a call goes native or translated. */
type CarriedCall = Pick<ChatCall, 'request' | 'protocol' | 'provider' | 'model' | 'passthrough'>;

/**
 * Whether the call's model can serve its request: natively, or translated when nothing in it is
 * one only its own provider serves (a server tool, mcp_servers…). Fallback skips a model that
 * cannot, so the client gets the failure of the one that could instead of our refusal.
 */
export function canCarryRequest(call: CarriedCall): boolean {
  if (!call.request.translationBlockers?.length) return true;
  return call.passthrough && nativeProtocol(call.provider, call.protocol, call.model) !== undefined;
}

/**
 * A translated request asks no more output than the model can write: clients set max_tokens for
 * the model they had in mind (Claude Code asks 32,000 of every model), and an upstream refuses
 * more than its limit (gpt-4o 16,384, DeepSeek 8,192). Passthrough keeps the client's body.
 */
function withinOutputLimit(request: CanonicalRequest, model: ModelInfo): CanonicalRequest {
  const limit = model.maxOutputTokens;
  return limit !== undefined && request.maxTokens !== undefined && request.maxTokens > limit ? { ...request, maxTokens: limit } : request;
}

/**
 * What the front-end found that only native passthrough serves (a server tool, a Files API id,
 * an unknown block, logprobs) is refused on a translated call, before anything is sent: the
 * upstream would otherwise answer as if it were not there, and the answer would be billed.
 */
function refuseTranslationBlockers(call: CarriedCall): void {
  const blocker = call.request.translationBlockers?.[0];
  if (!blocker) return;
  const why = call.passthrough ? "its upstream does not speak the client's protocol" : 'a feature flag in force needs the translated path';
  throw gatewayErrors.create('BSK_GATEWAY_UNTRANSLATABLE', { param: blocker.param, reason: blocker.reason, model: call.model.id, why });
}

/**
 * Refuses, before any call, a request the call's model would get translated and that holds what
 * only native passthrough serves: what `callProvider` would refuse (count_tokens asks first).
 */
export function refuseUncarriedRequest(call: CarriedCall): void {
  if (!canCarryRequest(call)) refuseTranslationBlockers(call);
}

/** A provider's answer has no notes or headers of its own; features add theirs to copies (never to these). */
const NO_NOTES: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The innermost handler: one call to the call's provider, natively when it speaks the client's protocol. */
export async function callProvider(call: ChatCall): Promise<ChatAnswer> {
  const { provider, model } = call;
  markRequestPhase(call.requestId, 'calling-upstream');
  const context: CallContext = { signal: call.signal, requestId: call.requestId, forwardHeaders: call.forwardHeaders };
  const native = call.passthrough ? nativeProtocol(provider, call.protocol, model) : undefined;
  // Each answer is one literal (no spread of a shared part): V8 builds it on its fast path.
  if (native) {
    const { body, hideFinalUsage } = preparePassthroughBody(call, model);
    const response = await native.passthrough(body, model, context);
    await throwIfRetryable(provider.name, response);
    const tap = native.createUsageTap(call.request.stream);
    const wholeBody = call.request.stream || response.status >= 400 ? null : await readWholeAnswer(call, response, tap);
    return { model, notes: NO_NOTES, headers: NO_HEADERS, mode: 'passthrough', response, tap, hideFinalUsage, wholeBody };
  }
  refuseTranslationBlockers(call);
  const request = withinOutputLimit(call.request, model);
  if (request.stream) return { model, notes: NO_NOTES, headers: NO_HEADERS, mode: 'stream', parts: await primeStream(provider.name, await provider.stream(request, model, context)) };
  return { model, notes: NO_NOTES, headers: NO_HEADERS, mode: 'response', response: await provider.generate(request, model, context) };
}
