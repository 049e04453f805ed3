import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from '../../kernel/kernel';
import { createLogger } from '../../kernel/logger';
import { gatewayProfile } from '../../kernel/profiles/gateway';
import { createTestSchema, type TestSchema } from '../../plugins/stores/postgres/postgres-test-schema';
import { startUpstreamSimulator } from '../upstream-sim/index';
import { simulatorEnvironment } from './gateway-harness';

/** Two gateway kernels in this process on one PostgreSQL schema: what a load balancer in front of two instances sees. */
interface Instance {
  readonly kernel: Kernel;
  readonly url: string;
  readonly dataDir: string;
}

let simulator: Awaited<ReturnType<typeof startUpstreamSimulator>>;
let database: TestSchema;
let first: Instance;
let second: Instance;
let orgId: string;
let apiKey: string;

async function bootInstance(): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bytespike-shared-'));
  const env = { PATH: process.env.PATH, ...simulatorEnvironment(simulator.baseUrls), BYTESPIKE_DATABASE_URL: database.url, BYTESPIKE_DATABASE_SCHEMA: database.schema };
  const kernel = await bootKernel({ profile: gatewayProfile, env, cwd: dataDir, dataDir, logger: createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }) });
  return { kernel, url: await kernel.use('http').listen({ port: 0, host: '127.0.0.1' }), dataDir };
}

const client = (instance: Instance) => new OpenAI({ apiKey, baseURL: `${instance.url}/v1`, maxRetries: 0 });
const balance = async () => (await first.kernel.use('billing').wallet(orgId)).balance;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ port: 0 });
  database = await createTestSchema('shared_media');
  first = await bootInstance();
  second = await bootInstance();
  const accounts = first.kernel.use('accounts');
  const org = await accounts.createOrg({ name: 'Shared Org' });
  orgId = org.id;
  await first.kernel.use('billing').topUp(org.id, 100_000_000, 'e2e funding');
  const member = await accounts.addMember(org.id, { email: 'owner@shared.test', role: 'owner' });
  apiKey = (await accounts.createKey(member.id, { name: 'shared' })).key;
}, 30_000);

afterAll(async () => {
  for (const instance of [first, second]) {
    await instance?.kernel.dispose();
    if (instance) rmSync(instance.dataDir, { recursive: true, force: true });
  }
  await simulator?.close();
  await database?.drop();
});

describe('two gateway instances on one PostgreSQL store', () => {
  it('completes a video job started through one instance when it is polled through the other, settling once', async () => {
    const before = await balance();
    const { data: job, response } = await client(first).videos.create({ model: 'sora-2', prompt: 'a relay [[job:polls=3,ms=60000]]', seconds: '4' }).withResponse();
    let video = await client(second).videos.retrieve(job.id);
    for (let attempt = 0; attempt < 50 && video.status !== 'completed' && video.status !== 'failed'; attempt++) {
      // Both instances poll at once now and then: only one may check (and settle) at a time.
      [video] = await Promise.all([client(second).videos.retrieve(job.id), client(first).videos.retrieve(job.id)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(video.status).toBe('completed');
    expect((await client(first).videos.retrieve(job.id)).status).toBe('completed');
    const content = await client(second).videos.downloadContent(job.id);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const requestId = response.headers.get('request-id');
    const settlements = (await first.kernel.use('store').listLedger(orgId)).filter((entry) => entry.kind === 'settle' && entry.requestId === requestId);
    expect(settlements).toHaveLength(1);
    expect(before - (await balance())).toBe(Number(response.headers.get('estimated_credits')));
  });

  it('serves an image link made by one instance from the other', async () => {
    const image = await client(first).images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', response_format: 'url' });
    const url = new URL(image.data![0]!.url!);
    expect(url.origin).toBe(first.url);
    const served = await fetch(`${second.url}${url.pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^image\//);
    expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await fetch(`${second.url}/v1/files/images/not-a-real-id`)).status).toBe(404);
  });
});
