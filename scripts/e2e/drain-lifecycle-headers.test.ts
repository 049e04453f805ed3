import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { temporaryFolder, writePlugin } from '../../kernel/__fixtures__/fixture-plugins';
import { upstreamRequests } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * The drain's deadline stops every request still running with one error object. Each 503 it
 * answers still carries the retirement headers of the model its own request asked for, never
 * another request's: chat, embeddings and count_tokens, through a provider plugin that throws
 * its signal's reason as it is (`signal.throwIfAborted()`, as a third-party provider may) and
 * through built-in ones (the simulator holding its answer back).
 */
const STUCK_PROVIDER = `
const hang = async (call) => {
  if (!call.signal.aborted) await new Promise((resolve) => call.signal.addEventListener('abort', resolve, { once: true }));
  call.signal.throwIfAborted();
};
const model = (id, modality, lifecycle) => ({ id: 'stuck/' + id, provider: 'stuck', upstreamId: id, aliases: [], displayName: id, modality, capabilities: ['streaming'], pricing: { inputPerMTok: 1000, outputPerMTok: 1000 }, ...lifecycle });
const chatModels = [model('old', 'chat', { retiresAt: '2099-12-31', deprecatedAt: '2099-06-30' }), model('older', 'chat', { retiresAt: '2098-12-31' })];
const embeddingModels = [model('embedder', 'embeddings', { retiresAt: '2097-12-31' })];
ctx.contribute('chat-provider', { name: 'stuck', protocol: 'gemini', enabled: true, models: () => chatModels, generate: (_request, _model, call) => hang(call), stream: (_request, _model, call) => hang(call) });
ctx.contribute('embedding-provider', { name: 'stuck', enabled: true, models: () => embeddingModels, embed: (_request, _model, call) => hang(call) });
`;

const SUNSETS: Record<string, string> = {
  'stuck/old': 'Thu, 31 Dec 2099 00:00:00 GMT',
  'stuck/older': 'Wed, 31 Dec 2098 00:00:00 GMT',
  'stuck/embedder': 'Tue, 31 Dec 2097 00:00:00 GMT',
  'jina/bge-m3': 'Mon, 31 Dec 2096 00:00:00 GMT',
  'anthropic/claude-opus-4-8': 'Sat, 31 Dec 2095 00:00:00 GMT',
};

const plugins = temporaryFolder('bsk-drain-lifecycle-');
let gateway: GatewayHarness;
beforeAll(async () => {
  writePlugin(plugins.path, { name: 'stuck-provider', kind: 'provider', body: STUCK_PROVIDER, manifest: { provides: ['chat-provider', 'embedding-provider'] } });
  gateway = await startGatewayHarness({
    env: { BYTESPIKE_DRAIN_TIMEOUT_SECONDS: '0' },
    config: (baseUrls) => ({
      pluginDirs: [plugins.path],
      plugins: {
        anthropic: { models: [{ id: 'claude-opus-4-8', retiresAt: '2095-12-31' }] },
        'openai-compatible': { instances: [{ name: 'jina', baseUrl: baseUrls.openai, apiKey: 'sim-upstream-key', models: [{ id: 'bge-m3', modality: 'embeddings', pricing: { inputPerMTok: 10_000 }, retiresAt: '2096-12-31' }] }] },
      },
    }),
  });
});
afterAll(async () => {
  await gateway?.close();
  plugins.remove();
});

/** What an SDK call that must fail answered: its status and headers, which the SDK keeps on the error. */
async function failureOf(call: Promise<unknown>): Promise<{ status: number; headers: Headers; message: string }> {
  const error = await call.then(() => expect.unreachable('the call succeeded'), (caught: unknown) => caught);
  if (!(error instanceof OpenAI.APIError) && !(error instanceof Anthropic.APIError)) throw error;
  return { status: error.status!, headers: error.headers!, message: error.message };
}

it('answers each request the drain stopped 503 with the sunset of the model it asked for', async () => {
  const openai = new OpenAI({ apiKey: gateway.apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const anthropic = new Anthropic({ apiKey: gateway.apiKey, baseURL: gateway.url, maxRetries: 0 });
  const late = 'drain-lifecycle [[delay:30000]]';
  const running: [string, Promise<unknown>][] = [
    ['stuck/old', openai.chat.completions.create({ model: 'stuck/old', messages: [{ role: 'user', content: 'hello' }] })],
    ['stuck/older', openai.chat.completions.create({ model: 'stuck/older', messages: [{ role: 'user', content: 'hello' }] })],
    ['stuck/embedder', openai.embeddings.create({ model: 'stuck/embedder', input: 'hello' })],
    ['jina/bge-m3', openai.embeddings.create({ model: 'jina/bge-m3', input: late })],
    ['anthropic/claude-opus-4-8', anthropic.messages.countTokens({ model: 'anthropic/claude-opus-4-8', messages: [{ role: 'user', content: late }] })],
  ];
  const answers = running.map(([model, call]) => failureOf(call).then((failure) => ({ model, ...failure })));
  const store = gateway.kernel.use('store');
  // Every request under way: the four billed ones holding credits, the count at the upstream.
  await expect.poll(async () => (await store.listOpenReservations()).filter((hold) => hold.orgId === gateway.orgId).length, { timeout: 5_000 }).toBe(4);
  await expect.poll(async () => (await upstreamRequests(gateway, 'drain-lifecycle')).length, { timeout: 5_000 }).toBe(2);

  await gateway.kernel.use('http').drain();
  const stopped = await Promise.all(answers);
  expect(Object.fromEntries(stopped.map((answer) => [answer.model, { status: answer.status, sunset: answer.headers.get('sunset') }]))).toEqual(Object.fromEntries(Object.entries(SUNSETS).map(([model, sunset]) => [model, { status: 503, sunset }])));
  for (const answer of stopped) {
    expect(answer.message, answer.model).toContain('shutting down');
    expect(answer.headers.get('connection'), answer.model).toBe('close');
  }
}, 30_000);
