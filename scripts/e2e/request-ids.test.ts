import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * Each SDK's own request id is the gateway's: the OpenAI SDK's `_request_id` (from `x-request-id`)
 * and the Anthropic SDK's (from `request-id`), streamed or not, and `GET /v1/generation?id=`
 * finds the request's settled cost by it. An Anthropic error body's `request_id` is the gateway's
 * too, whether the gateway made the error or relayed the upstream's (whose own id it replaces).
 */
const e2e = useGatewayWithClients();

async function generation(id: string | null | undefined): Promise<{ id: string; total_credits: number }> {
  const response = await fetch(`${e2e.gateway.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${e2e.gateway.apiKey}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string; total_credits: number } }).data;
}

describe('request ids', () => {
  it('the OpenAI SDK\'s request id finds the settled generation, streamed or not', async () => {
    const completion = await e2e.openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion._request_id).toMatch(/^req_/);
    expect((await generation(completion._request_id)).id).toBe(completion._request_id);

    const { data: stream, request_id: streamId } = await e2e.openai.chat.completions.create({ model: 'openai/gpt-5.4', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
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

  it('an Anthropic error body names the gateway\'s request, as the SDK\'s requestID does: the gateway\'s own errors and relayed ones, streamed or not', async () => {
    const body = (error: unknown) => (error as InstanceType<typeof Anthropic.APIError>).error as { request_id?: string };
    const ask = (model: string, content: string) => e2e.anthropic.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content }] });
    // The gateway's own (an unknown model), one made of an upstream failure (a translated 429), and the upstream's relayed (a passthrough 400).
    // One at a time: made together, a later one's rejection came before anything awaited it (an unhandled rejection).
    for (const [model, content] of [['no-such-model', 'Hi'], ['gemini/gemini-2.5-flash', 'Hi [[fault:status=429]]'], ['anthropic/claude-sonnet-4-6', 'Hi [[fault:status=400]]']] as const) {
      const error = await rejectionOf(ask(model, content));
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).requestID).toMatch(/^req_[0-9a-f]{32}$/);
      expect(body(error).request_id).toBe((error as InstanceType<typeof Anthropic.APIError>).requestID);
    }

    // An error event the upstream sent in a passed-through stream, and one the gateway wrote in a translated stream.
    for (const model of ['anthropic/claude-sonnet-4-6', 'gemini/gemini-2.5-flash']) {
      const stream = e2e.anthropic.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Count [[long:6]] [[fault:error-after=3]]' }] });
      const failed = await rejectionOf(stream.finalMessage());
      const { response } = await stream.withResponse();
      expect(body(failed), model).toMatchObject({ type: 'error', request_id: response.headers.get('request-id') });
    }
  });
});
