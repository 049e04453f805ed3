import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../kernel/canonical/model';
import type { ChatProvider, WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest, TranslationBlocker } from '../../kernel/canonical/request';
import { makeUsage } from '../../kernel/canonical/usage';
import { callProvider } from './call-provider';
import type { ChatCall } from './chat-middleware';

const MODEL: ModelInfo = { id: 'anthropic/claude', provider: 'anthropic', upstreamId: 'claude', aliases: [], displayName: 'Claude', modality: 'chat', capabilities: [], pricing: { inputPerMTok: 1, outputPerMTok: 1 } };
const WEB_SEARCH: TranslationBlocker = { param: 'tools.0', reason: '"web_search" (web_search_20250305) runs on Anthropic\'s servers only' };

/** An Anthropic-protocol provider that records which path each call took. */
function anthropicProvider(calls: string[]): ChatProvider {
  return {
    name: 'anthropic', protocol: 'anthropic-messages', enabled: true, models: () => [MODEL],
    async generate() {
      calls.push('translated');
      return { id: 'msg', model: MODEL.id, content: [], finishReason: 'stop', usage: makeUsage({ inputTokens: 1, outputTokens: 1 }) };
    },
    stream: async () => { throw new Error('not used'); },
    async passthrough() {
      calls.push('passthrough');
      return { status: 200, headers: new Headers(), body: null, discard: () => undefined };
    },
    createUsageTap: () => ({ write: () => undefined, end: () => ({ usage: null, finishReason: null, error: null }) }),
  };
}

function callOf(provider: ChatProvider, options: { protocol: WireProtocol; passthrough: boolean; blockers?: TranslationBlocker[] }): ChatCall {
  const request = { model: MODEL.id, system: [], messages: [], tools: [], stop: [], metadata: {}, stream: false, ...(options.blockers ? { translationBlockers: options.blockers } : {}) } as CanonicalRequest;
  const signal = new AbortController().signal;
  return {
    key: { keyId: 'k', orgId: 'o', memberId: 'm' }, requestId: 'r1', protocol: options.protocol, request, rawBody: { model: 'claude' }, forwardHeaders: {},
    receivedAt: 0, flags: {}, model: MODEL, provider, signal, clientSignal: signal, passthrough: options.passthrough,
    resolve: () => { throw new Error('not used'); },
  };
}

describe('callProvider and translation blockers', () => {
  it('passes a blocked body through to the provider that speaks its protocol', async () => {
    const calls: string[] = [];
    const answer = await callProvider(callOf(anthropicProvider(calls), { protocol: 'anthropic-messages', passthrough: true, blockers: [WEB_SEARCH] }));
    expect(answer.mode).toBe('passthrough');
    expect(calls).toEqual(['passthrough']);
  });

  it('refuses a translated call with blockers before calling upstream, naming the first one and the model', async () => {
    const calls: string[] = [];
    const refused = callProvider(callOf(anthropicProvider(calls), { protocol: 'openai-chat', passthrough: true, blockers: [WEB_SEARCH, { param: 'logprobs', reason: 'later' }] }));
    await expect(refused).rejects.toMatchObject({
      code: 'BSK_GATEWAY_UNTRANSLATABLE', status: 400, details: { param: 'tools.0', model: 'anthropic/claude' },
      message: 'tools.0: "web_search" (web_search_20250305) runs on Anthropic\'s servers only (this request to "anthropic/claude" is translated: its upstream does not speak the client\'s protocol)',
    });
    expect(calls).toEqual([]);
  });

  it('refuses blockers when a flag takes the call off passthrough, saying so', async () => {
    const calls: string[] = [];
    const refused = callProvider(callOf(anthropicProvider(calls), { protocol: 'anthropic-messages', passthrough: false, blockers: [WEB_SEARCH] }));
    await expect(refused).rejects.toMatchObject({ code: 'BSK_GATEWAY_UNTRANSLATABLE', message: expect.stringContaining('a feature flag in force needs the translated path') });
    expect(calls).toEqual([]);
  });

  it('translates a request without blockers as before', async () => {
    const calls: string[] = [];
    const answer = await callProvider(callOf(anthropicProvider(calls), { protocol: 'openai-chat', passthrough: true }));
    expect(answer.mode).toBe('response');
    expect(calls).toEqual(['translated']);
  });
});
