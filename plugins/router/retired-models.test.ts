import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import type { StreamPart } from '../../kernel/canonical/stream';
import { makeUsage } from '../../kernel/canonical/usage';
import type { ChatMiddleware } from './chat-middleware';
import { createChatPipeline } from './chat-pipeline';
import { ModelCatalog } from './model-catalog';
import type { CallerKey } from './ports';

/** Claude Sonnet 4.5's schedule: served through 2026-11-29, refused from 2026-11-30 (@anthropic-ai/sdk 1.14.0, deprecated-models.ts). */
const deprecated: ModelInfo = {
  id: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', upstreamId: 'claude-sonnet-4-5-20250929', aliases: ['claude-sonnet-4-5'], displayName: 'Claude Sonnet 4.5',
  modality: 'chat', capabilities: [], pricing: { inputPerMTok: 3, outputPerMTok: 15 }, retiresAt: '2026-11-30', replacement: 'anthropic/claude-sonnet-4-6',
};
const successor: ModelInfo = { ...deprecated, id: 'anthropic/claude-sonnet-4-6', upstreamId: 'claude-sonnet-4-6', aliases: ['claude-sonnet-4-6'], displayName: 'Claude Sonnet 4.6', retiresAt: undefined, replacement: undefined };

const LAST_MINUTE = new Date('2026-11-29T23:59:00Z');
const RETIREMENT = new Date('2026-11-30T00:00:00Z');

const fallback: ChatMiddleware = { name: 'fallback', flag: 'fallback', order: 200, alsoCalls: (flags) => flags.fallback || [], handle: (call, next) => next(call) };

function setup() {
  const upstreamCalls: string[] = [];
  const holds: string[] = [];
  const provider: ChatProvider = {
    name: 'anthropic', protocol: 'gemini', enabled: true, models: () => [deprecated, successor],
    generate: async () => { throw new Error('not used'); },
    async stream(_request, model) {
      upstreamCalls.push(model.upstreamId);
      const parts: StreamPart[] = [{ type: 'message-start', id: 'x', model: model.id }, { type: 'finish', reason: 'stop', usage: makeUsage({ inputTokens: 1, outputTokens: 1 }) }];
      return (async function* () { yield* parts; })();
    },
  };
  let now = LAST_MINUTE;
  const key: CallerKey = { keyId: 'k', orgId: 'o', memberId: 'm' };
  const catalog = new ModelCatalog(() => [provider]);
  const pipeline = createChatPipeline<CallerKey>({
    catalog,
    keys: { authenticate: async () => key, admit: async () => undefined, authorize: () => undefined },
    meter: { reserve: async (input) => void holds.push(input.model), settle: async (_id, input) => input.credits, release: async () => undefined },
    pricing: { computeCredits: () => 1, estimateMaxCredits: () => 1 },
    flags: { resolve: async (_key, sources) => JSON.parse(sources.header ?? '{}'), requested: (sources) => JSON.parse(sources.header ?? '{}') },
    middlewares: () => [fallback],
    now: () => now,
  });
  const run = (model: string, flags: unknown = {}) => pipeline.run({
    key, requestId: 'r1', protocol: 'anthropic-messages', request: { model, system: [], messages: [], tools: [], stop: [], metadata: {}, stream: true } as unknown as CanonicalRequest,
    rawBody: {}, forwardHeaders: {}, flagsHeader: JSON.stringify(flags), signal: new AbortController().signal, receivedAt: performance.now(),
  });
  return { run, catalog, holds, upstreamCalls, setNow: (at: Date) => { now = at; } };
}

describe('a model its provider retires, by the pipeline\'s clock', () => {
  it('is served on its last minute and refused from the first moment of its retirement day, by id and by alias, before any hold or upstream call', async () => {
    const { run, holds, upstreamCalls, setNow } = setup();
    expect((await run('anthropic/claude-sonnet-4-5')).model.id).toBe('anthropic/claude-sonnet-4-5');
    expect(holds).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(upstreamCalls).toEqual(['claude-sonnet-4-5-20250929']);

    setNow(RETIREMENT);
    for (const name of ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929']) {
      await expect(run(name), name).rejects.toMatchObject({
        code: 'BSK_GATEWAY_MODEL_RETIRED', status: 404,
        message: 'model "anthropic/claude-sonnet-4-5" was retired by its provider on 2026-11-30; use "anthropic/claude-sonnet-4-6" instead',
      });
    }
    expect(holds).toHaveLength(1);
    expect(upstreamCalls).toHaveLength(1);
    expect((await run('claude-sonnet-4-6')).model.id).toBe('anthropic/claude-sonnet-4-6');
  });

  it('refuses it as a fallback model too, before anything is held', async () => {
    const { run, holds, setNow } = setup();
    setNow(RETIREMENT);
    await expect(run('claude-sonnet-4-6', { fallback: ['claude-sonnet-4-5'] })).rejects.toMatchObject({ code: 'BSK_GATEWAY_FLAG_MODEL', message: expect.stringContaining('was retired by its provider on 2026-11-30') });
    expect(holds).toEqual([]);
  });

  it('is listed until its retirement day and not from it', () => {
    const { catalog } = setup();
    expect(catalog.list('chat', LAST_MINUTE.getTime()).map((model) => model.id)).toEqual(['anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4-6']);
    expect(catalog.list('chat', RETIREMENT.getTime()).map((model) => model.id)).toEqual(['anthropic/claude-sonnet-4-6']);
  });
});
