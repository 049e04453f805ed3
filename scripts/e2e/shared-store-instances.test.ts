import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCluster, type InProcessInstance, startInProcessCluster } from './in-process-cluster';

let cluster: InProcessCluster;
let first: InProcessInstance;
let second: InProcessInstance;
let orgId: string;
let apiKey: string;

const client = (instance: InProcessInstance) => new OpenAI({ apiKey, baseURL: `${instance.url}/v1`, maxRetries: 0 });
const balance = async () => (await first.kernel.use('billing').wallet(orgId)).balance;

beforeAll(async () => {
  cluster = await startInProcessCluster({ instances: 2 });
  [first, second] = cluster.instances as [InProcessInstance, InProcessInstance];
  ({ orgId, apiKey } = await cluster.createTenant());
}, 30_000);

afterAll(async () => cluster?.close());

describe('two gateway instances on one PostgreSQL store', () => {
  it('completes a video job started through one instance when it is polled through the other, settling once', async () => {
    const before = await balance();
    const { data: job, response } = await client(first).videos.create({ model: 'veo-3.0-fast-generate-001', prompt: 'a relay [[job:polls=3,ms=60000]]', seconds: '4' }).withResponse();
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
