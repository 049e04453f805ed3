import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * An upstream that is overloaded or unavailable (Anthropic 529 `overloaded_error` or 503,
 * OpenAI, DeepSeek and Kimi 503, Gemini 503 `UNAVAILABLE`) is one failure, whichever provider
 * sent it and whether the call passed through or was translated: Anthropic clients get 529
 * `overloaded_error`, OpenAI clients (Chat Completions, Responses) 503 `BSK_UPSTREAM_OVERLOADED`,
 * both with the upstream's `retry-after`. Both SDKs retry these statuses.
 */
const session = useGatewayWithClients();

const UPSTREAMS = [
  { provider: 'anthropic', model: 'anthropic/claude-haiku-4-5', status: 503 },
  { provider: 'anthropic', model: 'anthropic/claude-haiku-4-5', status: 529 },
  { provider: 'openai', model: 'openai/gpt-4o-mini', status: 503 },
  { provider: 'openai', model: 'openai/gpt-5.4', status: 503 },
  { provider: 'gemini', model: 'gemini/gemini-2.5-flash', status: 503 },
  { provider: 'deepseek', model: 'deepseek/deepseek-chat', status: 503 },
  { provider: 'kimi', model: 'kimi/kimi-k2', status: 503 },
];

const FRONT_ENDS = [
  {
    name: 'Messages',
    call: (model: string, prompt: string, stream: boolean) => session.anthropic.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: prompt }], stream }),
    expected: { status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } },
  },
  {
    name: 'Chat Completions',
    call: (model: string, prompt: string, stream: boolean) => session.openai.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], stream }),
    expected: { status: 503, type: 'server_error', code: 'BSK_UPSTREAM_OVERLOADED' },
  },
  {
    name: 'Responses',
    call: (model: string, prompt: string, stream: boolean) => session.openai.responses.create({ model, input: prompt, stream }),
    expected: { status: 503, type: 'server_error', code: 'BSK_UPSTREAM_OVERLOADED' },
  },
];

describe.each(FRONT_ENDS)('$name', (frontEnd) => {
  it.each(UPSTREAMS.flatMap((upstream) => [false, true].map((stream) => ({ ...upstream, stream }))))('$provider $status ($model, stream: $stream) answers as an overload, retry-after passed on', async ({ model, status, stream }) => {
    const error = await rejectionOf(frontEnd.call(model, `busy [[fault:status=${status},retry-after=7]]`, stream));
    expect(error).toBeInstanceOf(frontEnd.name === 'Messages' ? Anthropic.APIError : OpenAI.APIError);
    expect(error).toMatchObject(frontEnd.expected);
    expect((error as { headers: Headers }).headers.get('retry-after')).toBe('7');
  });
});

/**
 * An upstream may answer 200 and refuse in its stream's first event while its head says when to
 * come back. On a translated path nothing has reached the client then, so it gets an HTTP error
 * in its protocol, with that `retry-after`, as when the upstream refuses with an error status.
 */
const TRANSLATED_STREAMS = [
  { frontEnd: 'Messages', model: 'gemini/gemini-2.5-flash', expected: { status: 502, error: { type: 'error', error: { type: 'api_error' } } } },
  { frontEnd: 'Messages', model: 'openai/gpt-4o-mini', expected: { status: 502, error: { type: 'error', error: { type: 'api_error' } } } },
  { frontEnd: 'Messages', model: 'deepseek/deepseek-chat', expected: { status: 502, error: { type: 'error', error: { type: 'api_error' } } } },
  { frontEnd: 'Chat Completions', model: 'anthropic/claude-haiku-4-5', expected: { status: 503, type: 'server_error', code: 'BSK_UPSTREAM_OVERLOADED' } },
];

describe('a translated stream refused in its first event', () => {
  it.each(TRANSLATED_STREAMS)('$frontEnd → $model: the HTTP error carries the upstream head\'s retry-after', async ({ frontEnd, model, expected }) => {
    const call = FRONT_ENDS.find((candidate) => candidate.name === frontEnd)!.call;
    const error = await rejectionOf(call(model, 'busy [[fault:error-after=0,retry-after=7]]', true));
    expect(error).toBeInstanceOf(frontEnd === 'Messages' ? Anthropic.APIError : OpenAI.APIError);
    expect(error).toMatchObject(expected);
    expect((error as { headers: Headers }).headers.get('retry-after')).toBe('7');
  });
});
