import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Structured outputs across protocols, through the official SDKs. A Messages client's
 * `output_config.format` (or the beta's `output_format`) reaches GPT-5 as a strict `json_schema`
 * response format, Gemini as a JSON MIME type and schema, DeepSeek as `json_object` and the schema
 * in the prompt, and Claude as it was sent. A Chat Completions client's `json_schema` reaches
 * Claude as `output_format` under its beta where the model takes it (the simulator refuses it
 * elsewhere, and without the beta, as the API does), else as the forced `json` tool.
 */
const e2e = useGatewayWithClients();

const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };

interface UpstreamRequest { path: string; headers: Record<string, string>; body: Record<string, unknown> }

/** What the simulator received for `marker`, headers included. */
async function upstreamRequest(marker: string): Promise<UpstreamRequest> {
  const { requests } = (await (await fetch(`${e2e.gateway.simulatorUrl}/__sim/requests`)).json()) as { requests: (UpstreamRequest & { rawBody: string })[] };
  const matching = requests.filter((request) => request.rawBody.includes(marker));
  expect(matching).toHaveLength(1);
  return { ...matching[0]!, body: JSON.parse(matching[0]!.rawBody) as Record<string, unknown> };
}

function answerJson(message: Anthropic.Message): unknown {
  const text = message.content.find((block) => block.type === 'text') as Anthropic.TextBlock;
  return JSON.parse(text.text);
}

const tripPlan = { city: expect.any(String), days: expect.any(Number) };

describe.each([false, true])('a Messages client\'s output_config.format on a translated call (streamed: %s)', (stream) => {
  const create = (model: string, marker: string) => {
    const params: Anthropic.MessageCreateParamsNonStreaming = { model, max_tokens: 1000, output_config: { format: { type: 'json_schema', schema } }, messages: [{ role: 'user', content: `${marker}: plan a trip` }] };
    return stream ? e2e.anthropic.messages.stream(params).finalMessage() : e2e.anthropic.messages.create(params);
  };

  it('reaches GPT-5 (on OpenAI\'s Responses API) as a strict json_schema text format, and the answer is the JSON', async () => {
    const marker = `structured-openai-${stream}`;
    expect(answerJson(await create('openai/gpt-5.4', marker))).toEqual(tripPlan);
    const { path, body } = await upstreamRequest(marker);
    expect(path).toBe('/openai/v1/responses');
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'output', schema, strict: true } });
  });

  it('reaches Gemini as responseMimeType application/json with the schema', async () => {
    const marker = `structured-gemini-${stream}`;
    expect(answerJson(await create('gemini/gemini-2.5-flash', marker))).toEqual(tripPlan);
    const { body } = await upstreamRequest(marker);
    expect(body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });
  });

  it('reaches DeepSeek, which takes json_object only, with the schema in the prompt', async () => {
    const marker = `structured-deepseek-${stream}`;
    await create('deepseek/deepseek-chat', marker);
    const { body } = await upstreamRequest(marker);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(JSON.stringify(body.messages)).toContain(JSON.stringify(JSON.stringify(schema)).slice(1, -1));
  });
});

describe('a Messages client\'s structured output to Claude passes through as sent', () => {
  it('keeps output_config.format, and the beta\'s output_format with its header', async () => {
    const marker = 'structured-claude-passthrough';
    const ga = await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 1000, output_config: { format: { type: 'json_schema', schema } }, messages: [{ role: 'user', content: `${marker}-ga: plan a trip` }] });
    expect(answerJson(ga)).toEqual(tripPlan);
    expect((await upstreamRequest(`${marker}-ga`)).body.output_config).toEqual({ format: { type: 'json_schema', schema } });

    // Raw: the SDK rewrites the beta's output_format into output_config.
    const beta = await fetch(`${e2e.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': e2e.gateway.apiKey, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'structured-outputs-2025-11-13' },
      body: JSON.stringify({ model: 'anthropic/claude-opus-4-7', max_tokens: 1000, output_format: { type: 'json_schema', schema }, messages: [{ role: 'user', content: `${marker}-beta: plan a trip` }] }),
    });
    expect(answerJson((await beta.json()) as Anthropic.Message)).toEqual(tripPlan);
    const sent = await upstreamRequest(`${marker}-beta`);
    expect(sent.body.output_format).toEqual({ type: 'json_schema', schema });
    expect(sent.headers['anthropic-beta']).toContain('structured-outputs-2025-11-13');
  });
});

describe.each([false, true])('a Chat Completions client\'s json_schema response format to Claude (streamed: %s)', (stream) => {
  const create = async (model: string, marker: string, tools = false): Promise<string> => {
    const params = {
      model, max_tokens: 1000, response_format: { type: 'json_schema' as const, json_schema: { name: 'trip', schema, strict: true } },
      messages: [{ role: 'user' as const, content: `${marker}: plan a trip` }],
      ...(tools ? { tools: [{ type: 'function' as const, function: { name: 'search', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }] } : {}),
    };
    if (!stream) return (await e2e.openai.chat.completions.create(params)).choices[0]!.message.content!;
    let text = '';
    for await (const chunk of await e2e.openai.chat.completions.create({ ...params, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };

  it('reaches Sonnet 4.6 as output_format under the structured-outputs beta, tools kept, and Opus 4.8, whose catalog entry gives no structured outputs, as the forced json tool; both answer the JSON', async () => {
    const marker = `structured-to-claude-${stream}`;
    expect(JSON.parse(await create('anthropic/claude-sonnet-4-6', marker, true))).toEqual(tripPlan);
    const structured = await upstreamRequest(marker);
    expect(structured.body.output_format).toEqual({ type: 'json_schema', schema });
    expect((structured.body.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['search']);
    expect(structured.body).not.toHaveProperty('tool_choice');
    expect(structured.headers['anthropic-beta']).toBe('structured-outputs-2025-11-13');

    const olderMarker = `structured-to-old-claude-${stream}`;
    expect(JSON.parse(await create('anthropic/claude-opus-4-8', olderMarker))).toEqual(tripPlan);
    const older = await upstreamRequest(olderMarker);
    expect(older.body).not.toHaveProperty('output_format');
    expect(older.body.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(older.headers).not.toHaveProperty('anthropic-beta');
  });
});

describe('a schema written for Claude that OpenAI\'s strict mode refuses (an optional property)', () => {
  const loose = { type: 'object', properties: { city: { type: 'string' }, note: { type: 'string' } }, required: ['city'], additionalProperties: false };

  it.each([
    ['openai/gpt-5.4', '/openai/v1/responses'], ['openai/gpt-4.1', '/openai/v1/chat/completions'],
  ])('reaches %s as a non-strict json_schema (best-effort JSON) instead of OpenAI\'s 400', async (model, path) => {
    const marker = `structured-loose-${model}`;
    const message = await e2e.anthropic.messages.create({ model, max_tokens: 1000, output_config: { format: { type: 'json_schema', schema: loose } }, messages: [{ role: 'user', content: `${marker}: plan a trip` }] });
    expect(answerJson(message)).toMatchObject({ city: expect.any(String) });
    const sent = await upstreamRequest(marker);
    expect(sent.path).toBe(path);
    const format = (path.endsWith('responses') ? (sent.body.text as { format: unknown }).format : (sent.body.response_format as { json_schema: unknown }).json_schema) as { strict: boolean; schema: unknown };
    expect(format).toMatchObject({ strict: false, schema: loose });
  });
});

describe('count_tokens of a Messages request with a structured output counts its schema, as the create call bills it', () => {
  const messages = (marker: string): Anthropic.MessageParam[] => [{ role: 'user', content: `${marker}: plan a trip` }];

  it('keeps the schema on Claude\'s count endpoint (output_config.format, as the client wrote it and create passes it), where the create call reports the same input', async () => {
    const marker = 'structured-count-claude';
    const params = { model: 'anthropic/claude-sonnet-4-6', messages: messages(marker), output_config: { format: { type: 'json_schema' as const, schema } } };
    const counted = (await e2e.anthropic.messages.countTokens(params)).input_tokens;
    const sent = await upstreamRequest(marker);
    expect(sent.path).toMatch(/\/messages\/count_tokens$/);
    expect(sent.body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(counted).toBeGreaterThan((await e2e.anthropic.messages.countTokens({ model: params.model, messages: messages(`${marker}-plain`) })).input_tokens);
    expect((await e2e.anthropic.messages.create({ ...params, messages: messages(marker), max_tokens: 1000 })).usage.input_tokens).toBe(counted);
  });

  it('adds the schema to the estimate of a model counted without an endpoint (GPT-5)', async () => {
    const plain = (await e2e.anthropic.messages.countTokens({ model: 'gpt-5.4', messages: messages('structured-count-estimate') })).input_tokens;
    const structured = (await e2e.anthropic.messages.countTokens({ model: 'gpt-5.4', messages: messages('structured-count-estimate'), output_config: { format: { type: 'json_schema', schema } } })).input_tokens;
    expect(structured - plain).toBeGreaterThanOrEqual(Math.floor(JSON.stringify(schema).length / 4));
  });
});
