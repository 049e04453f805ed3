import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { createUpstreamError } from '../../kernel/canonical/upstream-error';
import { countRequestTokens } from './count-tokens';
import { failedRunOf } from './failed-runs';
import { ModelCatalog } from './model-catalog';
import type { CallerKey } from './ports';

const model: ModelInfo = { id: 'counting/m', provider: 'counting', upstreamId: 'm', aliases: [], displayName: 'm', modality: 'chat', capabilities: [], pricing: { inputPerMTok: 1, outputPerMTok: 1 } };
const key: CallerKey = { keyId: 'k', orgId: 'o', memberId: 'm' };

/** A provider whose count endpoint answers `count`, or fails as its upstream did. */
function providerCounting(count: () => Promise<number>): ChatProvider {
  return { name: 'counting', protocol: 'anthropic-messages', enabled: true, models: () => [model], generate: async () => { throw new Error('not used'); }, stream: async () => { throw new Error('not used'); }, countTokens: count };
}

function count(provider: ChatProvider, options: { model?: string; admit?: () => Promise<void> } = {}) {
  const signal = new AbortController().signal;
  const request = { model: options.model ?? 'counting/m', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], tools: [], stop: [], metadata: {} } as unknown as CanonicalRequest;
  const deps = { catalog: new ModelCatalog(() => [provider]), keys: { authenticate: async () => key, admit: options.admit ?? (async () => undefined), authorize: () => undefined }, middlewares: () => [] };
  const counted = countRequestTokens(deps, key, request, { protocol: 'anthropic-messages', signal, requestId: 'r1', forwardHeaders: {}, receivedAt: performance.now(), flags: {} });
  return { counted, signal };
}

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
    await expect(counted.counted).resolves.toEqual({ inputTokens: 3, source: 'upstream', model });
    expect(failedRunOf(counted.signal)).toBeUndefined();
    const unknown = count(providerCounting(async () => 3), { model: 'nowhere/m' });
    await expect(unknown.counted).rejects.toMatchObject({ status: 404 });
    expect(failedRunOf(unknown.signal)).toBeUndefined();
  });
});
