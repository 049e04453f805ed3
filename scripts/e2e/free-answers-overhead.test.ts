import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * `bytespike-overhead-ms` on the successful answers that bill nothing (the model list, a stored
 * response, a video job's poll and download): the gateway's real time, as every response
 * carries, where they used to say 0.00. Through the running gateway with the official SDKs.
 */
const e2e = useGatewayWithClients();

/** The call's answer headers and the time the client waited for it. */
async function timed(call: () => Promise<{ response: Response }>): Promise<{ headers: Headers; elapsedMs: number }> {
  const startedAt = performance.now();
  const { response } = await call();
  return { headers: response.headers, elapsedMs: performance.now() - startedAt };
}

/** Some of the gateway's time, and no more than the client waited. */
function expectRealOverhead({ headers, elapsedMs }: { headers: Headers; elapsedMs: number }, what: string): void {
  expect(headers.get('bytespike-overhead-ms'), what).toMatch(/^\d+\.\d\d$/);
  const overheadMs = Number(headers.get('bytespike-overhead-ms'));
  expect(overheadMs, what).toBeGreaterThan(0);
  expect(overheadMs, what).toBeLessThanOrEqual(elapsedMs);
}

describe('bytespike-overhead-ms on answers that bill nothing', () => {
  it('the model list and a model, in OpenAI\'s shape and Anthropic\'s', async () => {
    expectRealOverhead(await timed(() => e2e.openai.models.list().withResponse()), 'GET /v1/models (OpenAI)');
    expectRealOverhead(await timed(() => e2e.anthropic.models.list({ limit: 3 }).withResponse()), 'GET /v1/models (Anthropic)');
    expectRealOverhead(await timed(() => e2e.openai.models.retrieve('openai/gpt-5.4').withResponse()), 'GET /v1/models/{id} (OpenAI)');
    expectRealOverhead(await timed(() => e2e.anthropic.models.retrieve('anthropic/claude-sonnet-4-6').withResponse()), 'GET /v1/models/{id} (Anthropic)');
  });

  it('a stored response: retrieved, its input items listed, deleted', async () => {
    const stored = await e2e.openai.responses.create({ model: 'gemini/gemini-2.5-flash', input: 'overhead of a stored response', max_output_tokens: 200 });
    expectRealOverhead(await timed(() => e2e.openai.responses.retrieve(stored.id).withResponse()), 'GET /v1/responses/{id}');
    expectRealOverhead(await timed(() => e2e.openai.responses.inputItems.list(stored.id).withResponse()), 'GET /v1/responses/{id}/input_items');
    expectRealOverhead(await timed(() => e2e.openai.responses.delete(stored.id).withResponse()), 'DELETE /v1/responses/{id}');
  });

  it('a video job\'s poll and the download of its video', async () => {
    const job = await e2e.openai.videos.create({ model: 'gemini/veo-3.0-generate-001', prompt: 'a lighthouse at dusk [[job:polls=1]]', seconds: '4' });
    const poll = await timed(async () => {
      const { data, response } = await e2e.openai.videos.retrieve(job.id).withResponse();
      expect(data.status).toBe('completed');
      return { response };
    });
    expectRealOverhead(poll, 'GET /v1/videos/{id}');
    expectRealOverhead(await timed(async () => ({ response: await e2e.openai.videos.downloadContent(job.id) })), 'GET /v1/videos/{id}/content');
  });
});
