import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider } from '../../kernel/canonical/provider';
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

function count(provider: ChatProvider, options: { model?: string; admit?: () => Promise<void>; editedPrompt?: EditedPrompt; request?: CanonicalRequest } = {}) {
  const signal = new AbortController().signal;
  const request = { ...(options.request ?? requestSaying('Hi')), model: options.model ?? 'counting/m' };
  const deps = { catalog: new ModelCatalog(() => [provider]), keys: { authenticate: async () => key, admit: options.admit ?? (async () => undefined), authorize: () => undefined }, middlewares: () => [] };
  const counted = countRequestTokens(deps, key, request, { protocol: 'anthropic-messages', signal, requestId: 'r1', forwardHeaders: {}, receivedAt: performance.now(), flags: {}, editedPrompt: options.editedPrompt });
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
