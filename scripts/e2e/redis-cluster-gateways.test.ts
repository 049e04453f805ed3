import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisClusterFixture, startRedisCluster } from '../../plugins/stores/redis/__fixtures__/redis-cluster';
import { ADMIN_TOKEN, createTenant, type GatewayCluster, startGatewayCluster } from './gateway-cluster';

/**
 * Two gateway instances sharing PostgreSQL and a real three-master Redis Cluster
 * (BYTESPIKE_REDIS_CLUSTER_NODES, no single-server URL): the shared rate limit, the revocation
 * broadcast and the shared response cache all work across the cluster's shards.
 */
let redis: RedisClusterFixture;
let gateways: GatewayCluster;
beforeAll(async () => {
  redis = await startRedisCluster();
  gateways = await startGatewayCluster({ instances: 2, env: { BYTESPIKE_REDIS_URL: '', BYTESPIKE_REDIS_CLUSTER_NODES: redis.nodes.join(','), BYTESPIKE_AUTH_CACHE_SECONDS: '60' } });
}, 60_000);
afterAll(async () => {
  await gateways?.close();
  await redis?.stop();
}, 60_000);

async function chat(url: string, apiKey: string, prompt = 'Say hello', headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify({ model: 'openai/gpt-5.4-nano', messages: [{ role: 'user', content: prompt }] }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('two gateway instances on a Redis Cluster', () => {
  it('report the cluster as their shared state', async () => {
    const health = (await (await fetch(`${gateways.instances[0]!.url}/health`)).json()) as { redis: { target: string; status: string }; responseCache: { store: string } };
    expect(health.redis).toEqual({ target: `cluster ${redis.nodes.join(', ')}`, status: 'ok' });
    expect(health.responseCache).toEqual({ store: 'redis' });
  });

  it('hold an RPM limit of 30 across both instances combined', async () => {
    const tenant = await createTenant(gateways, { credits: 1_000_000_000, rpm: 30 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => chat(gateways.instances[index % 2]!.url, tenant.apiKey)));
    const statuses = results.map((result) => result.status);
    expect([statuses.filter((status) => status === 200).length, statuses.filter((status) => status === 429).length]).toEqual([30, 20]);
  }, 30_000);

  it('refuse a key revoked through one instance on the other within a second', async () => {
    const tenant = await createTenant(gateways, { credits: 1_000_000_000 });
    for (const instance of gateways.instances) expect((await chat(instance.url, tenant.apiKey)).status).toBe(200);
    const revoked = await fetch(`${gateways.instances[0]!.url}/admin/v1/keys/${tenant.keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(revoked.status).toBe(200);
    const startedAt = Date.now();
    while ((await chat(gateways.instances[1]!.url, tenant.apiKey)).status !== 401) {
      expect(Date.now() - startedAt).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 30_000);

  it('share response cache entries: a miss on one instance is a hit on the other', async () => {
    const tenant = await createTenant(gateways, { credits: 1_000_000_000 });
    const flags = { 'x-bytespike-flags': JSON.stringify({ cache: { ttl_s: 60 } }) };
    const first = await chat(gateways.instances[0]!.url, tenant.apiKey, 'cluster-cache hello', flags);
    const second = await chat(gateways.instances[1]!.url, tenant.apiKey, 'cluster-cache hello', flags);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers.get('bytespike-cache'), second.headers.get('bytespike-cache')]).toEqual(['miss', 'hit']);
    expect(JSON.parse(second.body).choices[0].message.content).toBe(JSON.parse(first.body).choices[0].message.content);
  }, 30_000);
});
