import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callGateway, chatBody, type Protocol, reportsError, upstreamRequests } from './gateway-calls';
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
