import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { createUpstreamPool } from './upstream-pool';
import { upstreamTargets } from './upstream-targets';

const model = { id: 'anthropic/claude-sonnet-4-6' } as ModelInfo;
const request = {} as CanonicalRequest;
const call = { signal: new AbortController().signal, requestId: 'r', forwardHeaders: {} };

/** A member that answers with its own name, or fails with `status` while `failing()` says so. */
function member(name: string, failing: () => number | null = () => null) {
  const calls: string[] = [];
  const provider = {
    name: 'anthropic', protocol: 'anthropic-messages', enabled: true, models: () => [model],
    async generate() {
      calls.push(name);
      const status = failing();
      if (status) throw createUpstreamError('anthropic', { kind: status === 401 ? 'authentication' : 'rate-limit', message: 'no', status });
      return { id: name } as never;
    },
  } as unknown as ChatProvider;
  return { provider, calls };
}

describe('upstream pool', () => {
  it('spreads calls by weight', async () => {
    const heavy = member('heavy');
    const light = member('light');
    let ticket = 0;
    const tickets = [0.1, 0.5, 0.74, 0.76, 0.99];
    const pool = createUpstreamPool({ name: 'anthropic', cooldownMs: 1_000, random: () => tickets[ticket++]!, members: [{ label: 'heavy', weight: 3, provider: heavy.provider }, { label: 'light', weight: 1, provider: light.provider }] });
    for (let index = 0; index < tickets.length; index++) await pool.provider.generate(request, model, call);
    expect([heavy.calls.length, light.calls.length]).toEqual([3, 2]);
  });

  it('moves a call past a 401, and sends the cooled key nothing until its cool-down ends (longer when retry-after says so)', async () => {
    let now = 0;
    const bad = member('bad', () => 401);
    const good = member('good');
    const pool = createUpstreamPool({ name: 'anthropic', cooldownMs: 1_000, now: () => now, random: () => 0, members: [{ label: 'bad', weight: 1, provider: bad.provider }, { label: 'good', weight: 1, provider: good.provider }] });
    expect(await pool.provider.generate(request, model, call)).toEqual({ id: 'good' });
    expect(pool.health().members[0]).toMatchObject({ state: 'cooling', lastFailure: { status: 401 } });
    now = 999;
    await pool.provider.generate(request, model, call);
    expect(bad.calls).toHaveLength(1);
    now = 1_000;
    await pool.provider.generate(request, model, call);
    expect(bad.calls).toHaveLength(2);
  });

  it('answers a retryable 429 of its own when every key is cooling', async () => {
    let now = 0;
    const limited = member('limited', () => 429);
    const other = member('other', () => 429);
    const pool = createUpstreamPool({ name: 'anthropic', cooldownMs: 5_000, now: () => now, members: [{ label: 'a', weight: 1, provider: limited.provider }, { label: 'b', weight: 1, provider: other.provider }] });
    await expect(pool.provider.generate(request, model, call)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_RATE_LIMIT' });
    now = 1_000;
    await expect(pool.provider.generate(request, model, call)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_RATE_LIMIT', details: { info: { retryAfterSeconds: 4 } } });
    expect(limited.calls.length + other.calls.length).toBe(2);
  });

  it('spreads a further native protocol\'s passthrough over the members too, cooling a key that answers 429', async () => {
    const sent: string[] = [];
    const speaker = (name: string, status: number) => ({
      name: 'openai', protocol: 'openai-chat', enabled: true, models: () => [model],
      alsoSpeaks: { 'openai-responses': { createUsageTap: () => ({ write() {}, end: () => ({ usage: null, finishReason: null, error: null }) }), async passthrough() {
        sent.push(name);
        return { status, headers: { get: () => null, has: () => false }, body: null, discard() {} };
      } } },
    }) as unknown as ChatProvider;
    const pool = createUpstreamPool({ name: 'openai', cooldownMs: 60_000, random: () => 0, members: [{ label: 'a', weight: 1, provider: speaker('a', 429) }, { label: 'b', weight: 1, provider: speaker('b', 200) }] });
    const native = pool.provider.alsoSpeaks!['openai-responses']!;
    expect((await native.passthrough({}, model, call)).status).toBe(200);
    expect((await native.passthrough({}, model, call)).status).toBe(200);
    expect(sent).toEqual(['a', 'b', 'b']);
    expect(native.createUsageTap(false).end()).toEqual({ usage: null, finishReason: null, error: null });
  });

  it('spreads native counts over the members, in the main protocol and a further one, moving past a key that answers 429', async () => {
    const counted: string[] = [];
    const countPassthrough = (name: string, status: number | null) => async () => {
      counted.push(name);
      if (status) throw createUpstreamError('anthropic', { kind: 'rate-limit', message: 'no', status });
      return { inputTokens: 5, answer: { input_tokens: 5, by: name } };
    };
    const counter = (name: string, status: number | null) => ({
      ...member(name).provider, countPassthrough: countPassthrough(name, status),
      alsoSpeaks: { 'openai-responses': { createUsageTap: () => { throw new Error('not used'); }, passthrough: async () => { throw new Error('not used'); }, countPassthrough: countPassthrough(`${name} responses`, status) } },
    }) as unknown as ChatProvider;
    const pool = createUpstreamPool({ name: 'anthropic', cooldownMs: 60_000, random: () => 0, members: [{ label: 'a', weight: 1, provider: counter('a', 429) }, { label: 'b', weight: 1, provider: counter('b', null) }] });
    expect(await pool.provider.countPassthrough!({}, model, call)).toEqual({ inputTokens: 5, answer: { input_tokens: 5, by: 'b' } });
    expect((await pool.provider.alsoSpeaks!['openai-responses']!.countPassthrough!({}, model, call)).answer).toEqual({ input_tokens: 5, by: 'b responses' });
    expect(counted).toEqual(['a', 'b', 'b responses']);
  });

  it('never cools the only key', async () => {
    let status: number | null = 429;
    const only = member('only', () => status);
    const pool = createUpstreamPool({ name: 'anthropic', cooldownMs: 60_000, members: [{ label: 'only', weight: 1, provider: only.provider }] });
    await expect(pool.provider.generate(request, model, call)).rejects.toMatchObject({ code: 'BSK_UPSTREAM_RATE_LIMIT' });
    status = null;
    expect(await pool.provider.generate(request, model, call)).toEqual({ id: 'only' });
  });
});

describe('upstreamTargets', () => {
  it('puts the main key first, fills extra upstreams from it, and labels them without keys', () => {
    expect(upstreamTargets({ apiKey: 'sk-main', baseUrl: 'https://api.example.com/v1', upstreams: [{ apiKey: 'sk-two', weight: 3 }, { baseUrl: 'https://eu.example.com', label: 'eu' }] })).toEqual([
      { apiKey: 'sk-main', baseUrl: 'https://api.example.com/v1', weight: 1, label: '#1 api.example.com' },
      { apiKey: 'sk-two', baseUrl: 'https://api.example.com/v1', weight: 3, label: '#2 api.example.com' },
      { apiKey: 'sk-main', baseUrl: 'https://eu.example.com', weight: 1, label: 'eu' },
    ]);
    expect(upstreamTargets({})).toEqual([{ apiKey: undefined, baseUrl: undefined, weight: 1, label: '#1 default' }]);
  });

  it('drops a keyless main beside keyed upstreams, unless the upstream serves without a key', () => {
    const config = { baseUrl: 'http://127.0.0.1:11434/v1', upstreams: [{ baseUrl: 'https://eu.example.com/v1', apiKey: 'sk-eu' }] };
    expect(upstreamTargets(config).map((target) => target.baseUrl)).toEqual(['https://eu.example.com/v1']);
    expect(upstreamTargets(config, { keyless: true }).map((target) => [target.baseUrl, target.apiKey])).toEqual([['http://127.0.0.1:11434/v1', undefined], ['https://eu.example.com/v1', 'sk-eu']]);
  });
});
