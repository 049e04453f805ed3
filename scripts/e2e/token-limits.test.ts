import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCluster, type InProcessInstance, startInProcessCluster } from './in-process-cluster';

/** Three kernels on one PostgreSQL schema and one Redis: a tokens-per-minute limit holds for the three combined. */
let cluster: InProcessCluster;
beforeAll(async () => {
  cluster = await startInProcessCluster({ instances: 3, redis: true });
}, 30_000);
afterAll(async () => cluster?.close());

async function call(instance: InProcessInstance, apiKey: string, prompt: string) {
  const response = await fetch(`${instance.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': apiKey },
    body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 1000, messages: [{ role: 'user', content: prompt }] }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

describe('tokens-per-minute limits across three instances', () => {
  it('admits what the estimates fit while requests run, then what the real counts leave free', async () => {
    const tenant = await cluster.createTenant({ tpm: 2500 });
    // Each request holds about 1,010 tokens (a short prompt + max_tokens 1000) until it settles 2 s later: two fit.
    const slow = await Promise.all(Array.from({ length: 9 }, (_, index) => call(cluster.instances[index % 3]!, tenant.apiKey, 'Say hello [[delay:2000]]')));
    expect(slow.filter((result) => result.status === 200)).toHaveLength(2);
    const refused = slow.filter((result) => result.status === 429);
    expect(refused).toHaveLength(7);
    expect(refused[0]!.body).toContain('token limit of this key reached (2500 tokens per minute');
    expect(refused[0]!.body).toMatch(/resets at \d{4}-\d\d-\d\dT/);
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    // Settled, the two count only what they used: two more estimates fit in the same minute (with the estimates kept, neither would).
    const fast = await Promise.all([0, 1].map((index) => call(cluster.instances[index]!, tenant.apiKey, 'Say hello')));
    expect(fast.map((result) => result.status)).toEqual([200, 200]);
  }, 30_000);
});
