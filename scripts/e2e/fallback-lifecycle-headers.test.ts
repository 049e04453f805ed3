import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callGateway, chatBody, type Protocol, type RawCall, reportsError, upstreamRequests } from './gateway-calls';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness';

/**
 * `sunset` (RFC 8594) and `deprecation` (RFC 9745) warn a client that the model id in its code
 * will stop working: they describe the model it asked for, whichever model of its fallback chain
 * answered. `bytespike-model` names the one that answered. Through the running gateway and the
 * upstream simulator, on both front-ends, passthrough and translated, streamed or not. The dates
 * are set in config, far in the future, so that the checks hold on any day the suite runs.
 */
const LIFECYCLES = {
  'anthropic/claude-opus-4-8': { retiresAt: '2099-12-31', deprecatedAt: '2099-06-30', replacement: 'anthropic/claude-opus-5-5', sunset: 'Thu, 31 Dec 2099 00:00:00 GMT', deprecation: `@${Date.UTC(2099, 5, 30) / 1000}` },
  'anthropic/claude-opus-4-7': { retiresAt: '2098-12-31', replacement: 'anthropic/claude-opus-5-5', sunset: 'Wed, 31 Dec 2098 00:00:00 GMT', deprecation: null },
  'openai/gpt-4o': { retiresAt: '2097-12-31', deprecatedAt: '2097-06-30', replacement: 'openai/gpt-5.4', sunset: 'Tue, 31 Dec 2097 00:00:00 GMT', deprecation: `@${Date.UTC(2097, 5, 30) / 1000}` },
  'openai/gpt-4o-mini': { retiresAt: '2096-12-31', replacement: 'openai/gpt-5.4', sunset: 'Mon, 31 Dec 2096 00:00:00 GMT', deprecation: null },
} as const;
type RetiringModel = keyof typeof LIFECYCLES;

/** The config `models` entries of one provider's retiring models. */
function configuredRetirements(provider: string): object[] {
  return Object.entries(LIFECYCLES).filter(([id]) => id.startsWith(`${provider}/`)).map(([id, { sunset: _sunset, deprecation: _deprecation, ...lifecycle }]) => ({ id: id.slice(provider.length + 1), ...lifecycle }));
}

let gateway: GatewayHarness;
beforeAll(async () => {
  gateway = await startGatewayHarness({ config: () => ({ plugins: { anthropic: { models: configuredRetirements('anthropic') }, openai: { models: configuredRetirements('openai') } } }) });
});
afterAll(async () => gateway?.close());

/** Per front-end: models of its own protocol (passthrough) and of the other one (translated). */
const MODELS: Record<Protocol, { native: { retiring: RetiringModel; retiringUndeprecated: RetiringModel; healthy: string }; foreign: { retiring: RetiringModel; healthy: string } }> = {
  messages: {
    native: { retiring: 'anthropic/claude-opus-4-8', retiringUndeprecated: 'anthropic/claude-opus-4-7', healthy: 'anthropic/claude-sonnet-4-6' },
    foreign: { retiring: 'openai/gpt-4o', healthy: 'openai/gpt-5.4' },
  },
  chat: {
    native: { retiring: 'openai/gpt-4o', retiringUndeprecated: 'openai/gpt-4o-mini', healthy: 'openai/gpt-5.4' },
    foreign: { retiring: 'anthropic/claude-opus-4-8', healthy: 'anthropic/claude-sonnet-4-6' },
  },
};

/** The headers a client asking for `model` is owed: its own retirement's, or none. */
function lifecycleOf(model: string): { sunset: string | null; deprecation: string | null } {
  const lifecycle = (LIFECYCLES as Record<string, { sunset: string; deprecation: string | null }>)[model];
  return lifecycle ? { sunset: lifecycle.sunset, deprecation: lifecycle.deprecation } : { sunset: null, deprecation: null };
}

const lifecycleHeaders = (headers: Headers) => ({ sunset: headers.get('sunset'), deprecation: headers.get('deprecation') });

let calls = 0;
/**
 * Asks for `asked`, which answers 503 once, with `fallback` next in the chain; `thenFault` is
 * what the fallback model then answers instead of a success.
 */
async function callWithFallback(protocol: Protocol, asked: string, fallback: string, options: { stream: boolean; thenFault?: string }) {
  const marker = `lifecycle-fallback-${(calls += 1)}`;
  const faults = `[[fault:status=503,fail-times=1,key=${marker}]]${options.thenFault ? ` [[fault:${options.thenFault}]]` : ''}`;
  const call = await callGateway(gateway, protocol, chatBody(protocol, asked, `${marker} hello ${faults}`, options.stream), { flags: { fallback: [fallback] } });
  // The asked model was called and failed; the fallback model answered.
  expect((await upstreamRequests(gateway, marker)).map((request) => request.provider)).toEqual([asked.split('/')[0], fallback.split('/')[0]]);
  return call;
}

describe.each(['messages', 'chat'] as const)('lifecycle headers after a fallback, %s front-end', (protocol) => {
  describe.each([{ mode: 'passthrough', side: 'native' }, { mode: 'translated', side: 'foreign' }] as const)('fallback answers by $mode', ({ side }) => {
    const { native } = MODELS[protocol];
    const other = MODELS[protocol][side];
    const scenarios = [
      { title: 'a retiring model asked for, a model without dates answering: the asked one\'s sunset and deprecation', asked: native.retiring, fallback: other.healthy },
      { title: 'a model without dates asked for, a retiring one answering: no warning', asked: native.healthy, fallback: other.retiring },
      { title: 'a retiring model asked for whose deprecation day is not known, another retiring one answering: the asked one\'s sunset, no deprecation', asked: native.retiringUndeprecated, fallback: other.retiring },
    ];
    for (const stream of [false, true]) {
      it.each(scenarios)(`${stream ? 'streamed' : 'not streamed'}: $title`, async ({ asked, fallback }) => {
        const call = await callWithFallback(protocol, asked, fallback, { stream });
        expect([call.status, reportsError(call)], call.text).toEqual([200, false]);
        expect(call.headers.get('bytespike-model')).toBe(fallback);
        expect(lifecycleHeaders(call.headers)).toEqual(lifecycleOf(asked));
      });
    }
  });

  // An error the fallback model's upstream answered on passthrough carries the gateway's headers:
  // relayed as it came (400), or as the client's protocol's error (an upstream 401 is the gateway's fault: 502).
  it.each([{ status: 400, fault: 'status=400' }, { status: 502, fault: 'status=401' }])('an error the fallback model answered on passthrough ($status): the asked model\'s lifecycle headers', async ({ status, fault }) => {
    const { native } = MODELS[protocol];
    for (const [asked, fallback] of [[native.retiring, native.healthy], [native.healthy, native.retiring]] as const) {
      const call = await callWithFallback(protocol, asked, fallback, { stream: false, thenFault: fault });
      expect(call.status, call.text).toBe(status);
      expect(call.headers.get('bytespike-model')).toBe(fallback);
      expect(lifecycleHeaders(call.headers)).toEqual(lifecycleOf(asked));
    }
  });
});

it('without a fallback, a retiring model still carries its own headers, and one without dates none', async () => {
  for (const protocol of ['messages', 'chat'] as const) {
    for (const model of [MODELS[protocol].native.retiring, MODELS[protocol].native.healthy]) {
      const call = await callGateway(gateway, protocol, chatBody(protocol, model, 'lifecycle-direct hello', false));
      expect(call.status, call.text).toBe(200);
      expect(lifecycleHeaders(call.headers)).toEqual(lifecycleOf(model));
    }
  }
});

/**
 * An error the gateway answers once it has resolved the model asked for (a limit of the key, the
 * hold, the key's models, a refused flag, every model of the chain failing upstream) warns of that
 * model's retirement as a success does: a client whose every call is refused would otherwise never
 * learn that its model id is going away. No model answered, so none is named. Streamed requests
 * fail before their first byte here, and answer with a JSON error too. The Responses front-end
 * shares the chat handler and gets the same.
 */
describe('lifecycle headers on an error answer', () => {
  type FrontEnd = Protocol | 'responses';
  const FRONT_END_MODELS: Record<FrontEnd, { retiring: RetiringModel; retiringUndeprecated: RetiringModel; healthy: string; fallback: string }> = {
    messages: { ...MODELS.messages.native, fallback: MODELS.messages.foreign.healthy },
    chat: { ...MODELS.chat.native, fallback: MODELS.chat.foreign.healthy },
    responses: { ...MODELS.chat.native, fallback: MODELS.chat.foreign.healthy },
  };

  /** One call of `prompt` to `model` through `frontEnd`, as any HTTP client would make it. */
  async function callFrontEnd(frontEnd: FrontEnd, model: string, prompt: string, stream: boolean, options: { apiKey?: string; flags?: unknown } = {}): Promise<RawCall> {
    if (frontEnd !== 'responses') return callGateway(gateway, frontEnd, chatBody(frontEnd, model, prompt, stream), options);
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey ?? gateway.apiKey}` };
    if (options.flags !== undefined) headers['x-bytespike-flags'] = JSON.stringify(options.flags);
    const response = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ model, input: prompt, stream, store: false }) });
    return { requestId: response.headers.get('x-request-id') ?? '', status: response.status, headers: response.headers, text: await response.text(), elapsedMs: 0 };
  }

  const accounts = () => gateway.kernel.use('accounts');
  let serial = 0;
  /** A key of its own, with `limits`, for the harness's owner or a member of another org. */
  async function keyWith(limits: { rpm?: number; tpm?: number; models?: string[] }, memberId = gateway.memberId): Promise<string> {
    return (await accounts().createKey(memberId, { name: `lifecycle-errors-${(serial += 1)}`, ...limits })).key;
  }
  /** A key whose one allowed request (of the minute, or of its tokens) a first call has spent. */
  async function spentKey(frontEnd: FrontEnd, limits: { rpm?: number; tpm?: number }): Promise<string> {
    const apiKey = await keyWith(limits);
    const first = await callFrontEnd(frontEnd, FRONT_END_MODELS[frontEnd].healthy, 'lifecycle-errors spend the limit', false, { apiKey });
    expect(first.status, first.text).toBe(200);
    return apiKey;
  }
  /** A key of an org whose wallet of one credit covers no hold. */
  async function brokeKey(): Promise<string> {
    const org = await accounts().createOrg({ name: 'Lifecycle errors, one credit' });
    await gateway.kernel.use('billing').topUp(org.id, 1, 'e2e funding');
    const member = await accounts().addMember(org.id, { email: `owner-${(serial += 1)}@lifecycle-errors.test`, role: 'owner' });
    return keyWith({}, member.id);
  }
  /** Asks for `model` with a fallback, every upstream call of the request failing 503. */
  async function failEveryModel(frontEnd: FrontEnd, model: string, stream: boolean): Promise<RawCall> {
    const marker = `lifecycle-chain-${(serial += 1)}`;
    const { fallback } = FRONT_END_MODELS[frontEnd];
    const call = await callFrontEnd(frontEnd, model, `${marker} [[fault:status=503]]`, stream, { flags: { fallback: [fallback] } });
    // Both models were called (passthrough, then translated), and both failed.
    expect((await upstreamRequests(gateway, marker)).map((request) => request.provider)).toEqual([model.split('/')[0], fallback.split('/')[0]]);
    return call;
  }

  const hello = 'lifecycle-errors hello';
  const refusals: { title: string; status: Record<FrontEnd, number>; says: string; send: (frontEnd: FrontEnd, model: string, stream: boolean) => Promise<RawCall> }[] = [
    { title: 'the key\'s requests-per-minute limit', status: { messages: 429, chat: 429, responses: 429 }, says: 'rate limit of this key reached', send: async (frontEnd, model, stream) => callFrontEnd(frontEnd, model, hello, stream, { apiKey: await spentKey(frontEnd, { rpm: 1 }) }) },
    { title: 'the key\'s tokens-per-minute limit', status: { messages: 429, chat: 429, responses: 429 }, says: 'token limit of this key reached', send: async (frontEnd, model, stream) => callFrontEnd(frontEnd, model, hello, stream, { apiKey: await spentKey(frontEnd, { tpm: 1 }) }) },
    { title: 'a hold the wallet cannot cover', status: { messages: 402, chat: 402, responses: 402 }, says: 'top up the wallet', send: async (frontEnd, model, stream) => callFrontEnd(frontEnd, model, hello, stream, { apiKey: await brokeKey() }) },
    { title: 'a key not allowed the model', status: { messages: 403, chat: 403, responses: 403 }, says: 'this key may not use model', send: async (frontEnd, model, stream) => callFrontEnd(frontEnd, model, hello, stream, { apiKey: await keyWith({ models: ['nowhere/*'] }) }) },
    { title: 'a refused flag (a fallback model that does not exist)', status: { messages: 400, chat: 400, responses: 400 }, says: 'model \\"nowhere/model\\" does not exist', send: (frontEnd, model, stream) => callFrontEnd(frontEnd, model, hello, stream, { flags: { fallback: ['nowhere/model'] } }) },
    // Anthropic's overloaded status is 529; the error is the last model's of the chain.
    { title: 'every model of the fallback chain failing upstream', status: { messages: 529, chat: 503, responses: 503 }, says: 'overloaded: Service unavailable (simulated)', send: failEveryModel },
  ];

  describe.each(['messages', 'chat', 'responses'] as const)('%s front-end', (frontEnd) => {
    const { retiring, retiringUndeprecated, healthy } = FRONT_END_MODELS[frontEnd];
    for (const stream of [false, true]) {
      it.each(refusals)(`${stream ? 'streamed' : 'not streamed'}: $title`, async ({ status, says, send }) => {
        // A retiring model, one whose deprecation day is not known, and a model without dates: the control.
        for (const model of [retiring, retiringUndeprecated, healthy]) {
          const call = await send(frontEnd, model, stream);
          expect(call.status, call.text).toBe(status[frontEnd]);
          expect(call.headers.get('content-type')).toContain('application/json');
          expect(call.text).toContain(says);
          expect(call.headers.get('bytespike-model')).toBeNull();
          expect(lifecycleHeaders(call.headers)).toEqual(lifecycleOf(model));
        }
      });
    }
  });

  it('a settlement that fails before a translated answer went out: the asked model\'s headers on the error, no model named', async () => {
    const billing = gateway.kernel.use('billing');
    for (const [frontEnd, model] of [['messages', MODELS.messages.foreign.retiring], ['chat', MODELS.chat.foreign.retiring], ['chat', MODELS.chat.foreign.healthy]] as const) {
      const settle = vi.spyOn(billing, 'settle').mockRejectedValueOnce(new Error('settlement store away'));
      const call = await callFrontEnd(frontEnd, model, hello, false);
      settle.mockRestore();
      expect(call.status, call.text).toBe(500);
      expect(call.headers.get('bytespike-model')).toBeNull();
      expect(lifecycleHeaders(call.headers)).toEqual(lifecycleOf(model));
    }
  });

  it('an unknown model\'s 404 carries neither header, as before', async () => {
    const call = await callFrontEnd('chat', 'openai/no-such-model', hello, false);
    expect(call.status, call.text).toBe(404);
    expect(lifecycleHeaders(call.headers)).toEqual({ sunset: null, deprecation: null });
  });
});
