import { describe, expect, it } from 'vitest';
import { isBskError } from '../../../kernel/errors';
import { combinePolicies } from './flag-policy';
import { readRequestFlags } from './read-request-flags';
import { DEFAULT_RETRY_BUDGET_MS, resolveFlags } from './resolve-flags';

const noPolicy = combinePolicies({}, {});

function refusal(run: () => unknown): { code: string; param: unknown; message: string } {
  try {
    run();
  } catch (error) {
    if (isBskError(error)) return { code: error.code, param: error.details.param, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readRequestFlags', () => {
  it('reads the header over the body, flag by flag', () => {
    expect(readRequestFlags({ body: { cache: { ttl_s: 5 }, timeout_ms: 100 }, header: '{"timeout_ms": 200}' })).toEqual({ cache: { ttl_s: 5 }, timeout_ms: 200 });
  });

  it('refuses an unknown flag, a malformed header and a bad value, naming where', () => {
    expect(refusal(() => readRequestFlags({ header: '{"turbo": true}' }))).toMatchObject({ code: 'BSK_FLAGS_INVALID', param: 'x-bytespike-flags.turbo' });
    expect(refusal(() => readRequestFlags({ header: '{nope' }))).toMatchObject({ code: 'BSK_FLAGS_MALFORMED', param: 'x-bytespike-flags' });
    // A multipart body's bytespike field is JSON text, read and checked as the JSON body's field is.
    expect(readRequestFlags({ form: '{"timeout_ms": 100, "retry": {"attempts": 2}}', header: '{"timeout_ms": 200}' })).toEqual({ timeout_ms: 200, retry: { attempts: 2 } });
    expect(refusal(() => readRequestFlags({ form: '{"turbo": true}' }))).toMatchObject({ code: 'BSK_FLAGS_INVALID', param: 'bytespike.turbo' });
    expect(refusal(() => readRequestFlags({ form: '{nope' }))).toMatchObject({ code: 'BSK_FLAGS_MALFORMED', param: 'bytespike' });
    expect(refusal(() => readRequestFlags({ body: { retry: { attempts: 99 } } }))).toMatchObject({ code: 'BSK_FLAGS_INVALID', param: 'bytespike.retry.attempts' });
    expect(refusal(() => readRequestFlags({ body: { fallback: [''] } }))).toMatchObject({ code: 'BSK_FLAGS_INVALID', param: 'bytespike.fallback.0' });
  });

  it('takes fallback models as the `model` field names them: `provider/model` or an alias', () => {
    expect(readRequestFlags({ header: '{"fallback": ["gpt-5.4", "anthropic/claude-haiku-4-5", "kimi-k2"]}' })).toEqual({ fallback: ['gpt-5.4', 'anthropic/claude-haiku-4-5', 'kimi-k2'] });
  });
});

describe('resolveFlags', () => {
  it('takes request over key over org, and `false` switches a default off', () => {
    const flags = resolveFlags({ request: { cache: false, timeout_ms: 10 }, key: { timeout_ms: 20, fallback: ['openai/gpt-5.4'] }, org: { cache: { ttl_s: 60 }, timeout_ms: 30 } }, noPolicy);
    expect(flags).toEqual({ timeout_ms: 10, fallback: ['openai/gpt-5.4'] });
  });

  it('refuses a request over a cap, and lowers a default to it', () => {
    const policy = combinePolicies({ caps: { 'retry.budget_ms': 9_000 } }, { caps: { 'retry.budget_ms': 5_000, fallback: 1 } });
    expect(refusal(() => resolveFlags({ request: { retry: { attempts: 1, budget_ms: 6_000 } }, key: {}, org: {} }, policy))).toMatchObject({ code: 'BSK_FLAGS_OVER_CAP', param: 'retry.budget_ms' });
    expect(resolveFlags({ request: {}, key: { fallback: ['openai/gpt-5.4', 'kimi/kimi-k2'] }, org: { retry: { attempts: 2, budget_ms: 8_000 } } }, policy))
      .toEqual({ fallback: ['openai/gpt-5.4'], retry: { attempts: 2, budget_ms: 5_000 } });
  });

  it('refuses a forbidden flag the request asks for, and drops a forbidden default', () => {
    const policy = combinePolicies({}, { forbid: ['cache'] });
    expect(refusal(() => resolveFlags({ request: { cache: { ttl_s: 1 } }, key: {}, org: {} }, policy))).toMatchObject({ code: 'BSK_FLAGS_FORBIDDEN', param: 'cache' });
    expect(resolveFlags({ request: {}, key: { cache: { ttl_s: 1 } }, org: {} }, policy)).toEqual({});
  });

  it('fills in the retry budget, within the cap', () => {
    expect(resolveFlags({ request: { retry: { attempts: 1 } }, key: {}, org: {} }, noPolicy)).toEqual({ retry: { attempts: 1, budget_ms: DEFAULT_RETRY_BUDGET_MS } });
    expect(resolveFlags({ request: { retry: { attempts: 1 } }, key: {}, org: {} }, combinePolicies({ caps: { 'retry.budget_ms': 3_000 } }, {}))).toEqual({ retry: { attempts: 1, budget_ms: 3_000 } });
  });
});
