import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';
import { upstreamBodies } from './gateway-calls';

/**
 * Optional fields sent as `null`, as clients built from OpenAI's spec send them (the official SDK
 * types them `| null`: node_modules/openai/resources/images.d.ts, chat/completions/completions.d.ts,
 * responses/responses.d.ts), through the official SDK: each request is held and sent upstream as
 * the same request without them. A passthrough to OpenAI forwards the nulls as sent (OpenAI takes
 * them); a translated request carries nothing of them.
 */
const e2e = useGatewayWithClients();

/** What the request's hold took, by the request id the gateway answered with. */
async function heldFor(response: Response): Promise<number> {
  return (await e2e.gateway.kernel.use('store').getReservation(response.headers.get('x-request-id')!))!.held;
}

/** A body without its null fields: what a passthrough sent, less what it forwarded as sent. */
function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}

/** Both requests' holds and the upstream bodies they made: the marker in the prompt finds them. */
async function servedAlike(marker: string, absent: () => Promise<{ response: Response }>, nulls: () => Promise<{ response: Response }>) {
  const { response: absentResponse } = await absent();
  const { response: nullsResponse } = await nulls();
  const bodies = await upstreamBodies(e2e.gateway, marker);
  expect(bodies).toHaveLength(2);
  return { holds: [await heldFor(absentResponse), await heldFor(nullsResponse)], bodies: bodies.map((sent) => sent.body) };
}

describe('images', () => {
  const nulls = { n: null, quality: null, size: null, background: null, moderation: null, output_format: null, output_compression: null, response_format: null, style: null, partial_images: null, stream: null } as const;

  it('a generation with every optional field null is held and sent as one without them', async () => {
    const prompt = 'an otter, null-fields-generation';
    const { holds, bodies } = await servedAlike(
      'null-fields-generation',
      () => e2e.openai.images.generate({ model: 'gpt-image-1', prompt }).withResponse(),
      () => e2e.openai.images.generate({ model: 'gpt-image-1', prompt, ...nulls }).withResponse(),
    );
    expect(holds[1]).toBe(holds[0]);
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('model: null is the default model, dall-e-2, as OpenAI has it', async () => {
    const answer = await e2e.openai.images.generate({ model: null, prompt: 'an otter', ...nulls }).withResponse();
    expect(answer.response.headers.get('bytespike-model')).toBe('openai/dall-e-2');
  });
});

describe.each(['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4'])('%s', (model) => {
  it('chat completions: a request with the nullable fields null is held and sent as one without them', async () => {
    const marker = `null-fields-chat-${model}`;
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: `Say hello ${marker}` }];
    const nulls = {
      audio: null, frequency_penalty: null, logprobs: null, max_completion_tokens: null, max_tokens: null, metadata: null, modalities: null, n: null, prediction: null,
      presence_penalty: null, prompt_cache_key: null, reasoning_effort: null, safety_identifier: null, seed: null, service_tier: null, stop: null, store: null,
      stream: null, stream_options: null, temperature: null, top_logprobs: null, top_p: null, verbosity: null,
    } as const;
    const { holds, bodies } = await servedAlike(
      marker,
      () => e2e.openai.chat.completions.create({ model, messages }).withResponse(),
      () => e2e.openai.chat.completions.create({ model, messages, ...nulls }).withResponse(),
    );
    expect(holds[1]).toBe(holds[0]);
    expect(withoutNulls(bodies[1]!)).toEqual(bodies[0]);
  });

  it('responses: a request with the nullable fields null is held and sent as one without them', async () => {
    const marker = `null-fields-responses-${model}`;
    const nulls = {
      background: null, conversation: null, include: null, instructions: null, max_output_tokens: null, metadata: null, parallel_tool_calls: null, previous_response_id: null,
      prompt: null, prompt_cache_key: null, reasoning: null, safety_identifier: null, service_tier: null, store: null, stream: null, temperature: null, top_logprobs: null,
      top_p: null, truncation: null,
    } as const;
    const { holds, bodies } = await servedAlike(
      marker,
      () => e2e.openai.responses.create({ model, input: `Say hello ${marker}` }).withResponse(),
      () => e2e.openai.responses.create({ model, input: `Say hello ${marker}`, ...nulls }).withResponse(),
    );
    expect(holds[1]).toBe(holds[0]);
    expect(withoutNulls(bodies[1]!)).toEqual(bodies[0]);
  });
});
