import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider, PassthroughCount, WireProtocol } from '../../kernel/canonical/provider';
import { estimateRequestTokens } from '../../kernel/canonical/estimate-tokens';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { createUpstreamError } from '../../kernel/canonical/upstream-error';
import { countRequestTokens, type EditedPrompt } from './count-tokens';
import { failedRunOf } from './failed-runs';
import { ModelCatalog } from './model-catalog';
import type { CallerKey } from './ports';

const model: ModelInfo = { id: 'counting/m', provider: 'counting', upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], pricing: { inputPerMTok: 1, outputPerMTok: 1 } };
const key: CallerKey = { keyId: 'k', orgId: 'o', memberId: 'm' };

/** A provider whose count endpoint answers `count`, or fails as its upstream did. */
function providerCounting(count: ChatProvider['countTokens']): ChatProvider {
  return { name: 'counting', protocol: 'anthropic-messages', enabled: true, models: () => [model], generate: async () => { throw new Error('not used'); }, stream: async () => { throw new Error('not used'); }, ...(count ? { countTokens: count } : {}) };
}

/** One that also takes Messages bodies natively, as Claude's provider does: its create call would be passed through. */
function nativeProviderCounting(count: NonNullable<ChatProvider['countTokens']>): ChatProvider {
  return { ...providerCounting(count), passthrough: async () => { throw new Error('not used'); }, createUsageTap: () => { throw new Error('not used'); } };
}

const requestSaying = (text: string) => ({ model: 'counting/m', system: [], messages: [{ role: 'user', content: [{ type: 'text', text }] }], tools: [], stop: [], metadata: {} }) as unknown as CanonicalRequest;

interface CountOptions {
  readonly model?: string;
  readonly admit?: () => Promise<void>;
  readonly editedPrompt?: EditedPrompt;
  readonly request?: CanonicalRequest;
  /** The front-end's protocol: the provider's own (the default) or another, whose calls are translated. */
  readonly protocol?: WireProtocol;
  readonly rawBody?: Readonly<Record<string, unknown>>;
}

function count(provider: ChatProvider, options: CountOptions = {}) {
  const signal = new AbortController().signal;
  const request = { ...(options.request ?? requestSaying('Hi')), model: options.model ?? 'counting/m' };
  const deps = { catalog: new ModelCatalog(() => [provider]), keys: { authenticate: async () => key, admit: options.admit ?? (async () => undefined), authorize: () => undefined }, middlewares: () => [] };
  const input = { protocol: options.protocol ?? 'anthropic-messages', signal, requestId: 'r1', forwardHeaders: {}, receivedAt: performance.now(), flags: {}, rawBody: options.rawBody ?? { model: request.model }, editedPrompt: options.editedPrompt } as const;
  const counted = countRequestTokens(deps, key, request, input);
  return { counted, signal };
}

const UPSTREAM_WAIT_MS = 80;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('countRequestTokens', () => {
  it('records the model asked for by the request\'s signal when the count fails once the model is resolved: a refusal, the upstream failing', async () => {
    const refused = count(providerCounting(async () => 3), { admit: async () => { throw new Error('rate limited'); } });
    await expect(refused.counted).rejects.toThrow('rate limited');
    expect(failedRunOf(refused.signal)).toEqual({ requestedModel: model, overheadMs: undefined });
    const failing = count(providerCounting(async () => { throw createUpstreamError('counting', { kind: 'overloaded', message: 'busy', status: 529 }); }));
    await expect(failing.counted).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
    expect(failedRunOf(failing.signal)?.requestedModel).toBe(model);
  });

  it('records nothing on a success, nor for a model it could not resolve', async () => {
    const counted = count(providerCounting(async () => 3));
    await expect(counted.counted).resolves.toEqual({ inputTokens: 3, source: 'upstream', model, overheadMs: expect.any(Number) });
    expect(failedRunOf(counted.signal)).toBeUndefined();
    const unknown = count(providerCounting(async () => 3), { model: 'nowhere/m' });
    await expect(unknown.counted).rejects.toMatchObject({ status: 404 });
    expect(failedRunOf(unknown.signal)).toBeUndefined();
  });

  it('reports as overhead the gateway\'s time before the upstream count, not the wait for it, on a success as on a failure', async () => {
    const startedAt = performance.now();
    const counted = await count(providerCounting(async () => sleep(UPSTREAM_WAIT_MS).then(() => 3))).counted;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(UPSTREAM_WAIT_MS - 1);
    expect(counted.overheadMs).toBeLessThan(UPSTREAM_WAIT_MS / 2);
    const failing = count(providerCounting(async () => {
      await sleep(UPSTREAM_WAIT_MS);
      throw createUpstreamError('counting', { kind: 'overloaded', message: 'busy', status: 529 });
    }));
    await expect(failing.counted).rejects.toMatchObject({ code: 'BSK_UPSTREAM_OVERLOADED' });
    expect(failedRunOf(failing.signal)).toEqual({ requestedModel: model, overheadMs: expect.any(Number) });
    expect(failedRunOf(failing.signal)!.overheadMs).toBeLessThan(UPSTREAM_WAIT_MS / 2);
  });

  it('reports the whole count as overhead when it is our estimate: there is no upstream to wait for', async () => {
    const startedAt = performance.now();
    const counted = await count(providerCounting(undefined)).counted;
    expect(counted).toMatchObject({ source: 'estimate', inputTokens: expect.any(Number), overheadMs: expect.any(Number) });
    expect(counted.overheadMs).toBeLessThanOrEqual(performance.now() - startedAt);
  });
});

describe('countRequestTokens with a prompt the wire edits (Messages\' context editing)', () => {
  const written = requestSaying('the conversation as written, long enough to outweigh its edited twin by many tokens');
  const edited = requestSaying('as edited');
  /** A count endpoint that counts characters, and remembers what it was asked to count. */
  function countingEndpoint() {
    const asked: CanonicalRequest[] = [];
    const endpoint = async (request: CanonicalRequest) => {
      asked.push(request);
      return JSON.stringify(request.messages).length;
    };
    return { asked, endpoint, countOf: (request: CanonicalRequest) => JSON.stringify(request.messages).length };
  }

  it('counts the edited prompt of a translated call, and the prompt as written in a second upstream call only when an edit cleared something', async () => {
    const cleared = countingEndpoint();
    await expect(count(providerCounting(cleared.endpoint), { request: written, editedPrompt: { request: edited, cleared: true } }).counted)
      .resolves.toMatchObject({ source: 'upstream', inputTokens: cleared.countOf(edited), originalInputTokens: cleared.countOf(written) });
    expect(cleared.asked.map((request) => request.messages)).toEqual([edited.messages, written.messages]);
    const untouched = countingEndpoint();
    await expect(count(providerCounting(untouched.endpoint), { request: written, editedPrompt: { request: written, cleared: false } }).counted)
      .resolves.toMatchObject({ inputTokens: untouched.countOf(written), originalInputTokens: untouched.countOf(written) });
    expect(untouched.asked).toHaveLength(1);
  });

  it('estimates both when the provider has no count endpoint', async () => {
    const counted = await count(providerCounting(undefined), { request: written, editedPrompt: { request: edited, cleared: true } }).counted;
    expect(counted).toMatchObject({ source: 'estimate', inputTokens: estimateRequestTokens(edited), originalInputTokens: estimateRequestTokens(written) });
    expect(counted.originalInputTokens).toBeGreaterThan(counted.inputTokens);
  });

  it('counts the prompt as written for a model that reads the protocol natively (it edits the prompt itself), and reports no original count', async () => {
    const native = countingEndpoint();
    const counted = await count(nativeProviderCounting(native.endpoint), { request: written, editedPrompt: { request: edited, cleared: true } }).counted;
    expect(counted).toMatchObject({ inputTokens: native.countOf(written) });
    expect(counted.originalInputTokens).toBeUndefined();
    expect(native.asked.map((request) => request.messages)).toEqual([written.messages]);
  });

  it('answers no original count for a request the wire did not edit', async () => {
    expect((await count(providerCounting(async () => 3)).counted).originalInputTokens).toBeUndefined();
  });
});

describe('countRequestTokens: native, translated or estimated, as the create call would go', () => {
  const rawBody = { model: 'counting/m', messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }], context_management: { edits: [] }, bytespike: { timeout_ms: 5_000 } };
  const answer = { input_tokens: 42, context_management: { original_input_tokens: 50 } };
  /** A provider that counts a body of its protocol natively too, and remembers each body it was handed; its canonical count answers 7. */
  function nativeCounter() {
    const bodies: Readonly<Record<string, unknown>>[] = [];
    const countPassthrough = async (body: Readonly<Record<string, unknown>>): Promise<PassthroughCount> => {
      bodies.push(body);
      return { inputTokens: 42, answer };
    };
    return { bodies, provider: { ...nativeProviderCounting(async () => 7), countPassthrough } };
  }
  const withBlocker = { ...requestSaying('Hi'), translationBlockers: [{ param: 'tools.0', reason: 'runs on Anthropic\'s servers only' }] } as CanonicalRequest;

  it('counts the client\'s body natively where the front-end speaks the provider\'s protocol: the upstream model id, without the gateway\'s fields, the answer kept whole', async () => {
    const native = nativeCounter();
    const counted = await count(native.provider, { rawBody }).counted;
    expect(counted).toEqual({ inputTokens: 42, upstreamAnswer: answer, source: 'upstream', model, overheadMs: expect.any(Number) });
    const { bytespike: _ours, ...wire } = rawBody;
    expect(native.bodies).toEqual([{ ...wire, model: 'm' }]);
  });

  it('counts natively what only passthrough serves (a server tool): the translated-call refusal is not in its way', async () => {
    const native = nativeCounter();
    await expect(count(native.provider, { rawBody, request: withBlocker }).counted).resolves.toMatchObject({ inputTokens: 42, source: 'upstream' });
    expect(native.bodies).toHaveLength(1);
  });

  it('on a translated call (another protocol, or a model served only in others) counts the canonical prompt, and refuses what only passthrough serves', async () => {
    const native = nativeCounter();
    const translated = await count(native.provider, { rawBody, protocol: 'openai-chat' }).counted;
    expect(translated).toMatchObject({ inputTokens: 7, source: 'upstream' });
    expect(translated.upstreamAnswer).toBeUndefined();
    const otherProtocols = { ...native.provider, models: () => [{ ...model, protocols: ['openai-chat'] as WireProtocol[] }] };
    await expect(count(otherProtocols, { rawBody }).counted).resolves.toMatchObject({ inputTokens: 7, source: 'upstream' });
    await expect(count(native.provider, { rawBody, request: withBlocker, protocol: 'openai-chat' }).counted).rejects.toMatchObject({ code: 'BSK_GATEWAY_UNTRANSLATABLE' });
    expect(native.bodies).toEqual([]);
  });

  it('estimates where the provider counts neither way', async () => {
    const counted = await count(providerCounting(undefined), { rawBody }).counted;
    expect(counted).toMatchObject({ source: 'estimate', inputTokens: estimateRequestTokens(requestSaying('Hi')) });
    expect(counted.upstreamAnswer).toBeUndefined();
  });

  it('a native count that fails is the upstream\'s error, recorded with the overhead before the call', async () => {
    const failing = { ...nativeProviderCounting(async () => 7), countPassthrough: async (): Promise<PassthroughCount> => { throw createUpstreamError('counting', { kind: 'invalid-request', message: 'max_tokens: Extra inputs are not permitted', status: 400 }); } };
    const counting = count(failing, { rawBody });
    await expect(counting.counted).rejects.toMatchObject({ code: 'BSK_UPSTREAM_INVALID_REQUEST' });
    expect(failedRunOf(counting.signal)).toEqual({ requestedModel: model, overheadMs: expect.any(Number) });
  });
});
