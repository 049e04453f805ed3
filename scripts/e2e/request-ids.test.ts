import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Each SDK's own request id is the gateway's: the OpenAI SDK's `_request_id` (from `x-request-id`)
 * and the Anthropic SDK's (from `request-id`), streamed or not, and `GET /v1/generation?id=`
 * finds the request's settled cost by it.
 */
const e2e = useGatewayWithClients();

async function generation(id: string | null | undefined): Promise<{ id: string; total_credits: number }> {
  const response = await fetch(`${e2e.gateway.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string; total_credits: number } }).data;
}

describe('request ids', () => {
  it('the OpenAI SDK\'s request id finds the settled generation, streamed or not', async () => {
    const completion = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion._request_id).toMatch(/^req_/);
    expect((await generation(completion._request_id)).id).toBe(completion._request_id);

    const { data: stream, request_id: streamId } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-5', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    let settled = -1;
    for await (const chunk of stream) if (chunk.usage) settled = (chunk.usage as unknown as { bytespike_credits: number }).bytespike_credits;
    expect(streamId).toMatch(/^req_/);
    expect((await generation(streamId)).total_credits).toBe(settled);
  });

  it('the Anthropic SDK\'s request id finds it too', async () => {
    const message = await e2e.anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message._request_id).toMatch(/^req_/);
    expect((await generation(message._request_id)).id).toBe(message._request_id);
  });
});
