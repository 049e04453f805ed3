import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Input a client can get wrong, sent the way QA sent it: every answer is a 4xx in the caller's
 * protocol with a request id, never a 500, a 502 blaming the provider, or Fastify's own body.
 */
const e2e = useGatewayWithClients();

async function send(method: string, path: string, init: { headers?: Record<string, string>; body?: string | FormData } = {}) {
  const response = await fetch(`${e2e.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${e2e.gateway.apiKey}`, 'x-api-key': e2e.gateway.apiKey, ...init.headers }, body: init.body });
  return { status: response.status, requestId: response.headers.get('request-id'), body: (await response.json()) as any };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const ANTHROPIC = { ...JSON_TYPE, 'anthropic-version': '2023-06-01' };
const REQUEST_ID = expect.stringMatching(/^req_/);
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const chatBody = (model: string, extra: string) => `{"model":"${model}","max_tokens":20,"messages":[{"role":"user","content":"Hello"}],${extra}}`;
/** A tool whose parameters make the whole body `depth` levels deep (six of them around the schema's properties). */
const deepTools = (depth: number) => `"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":${nested(depth - 6)}}}}}]`;

/** A JSON body that breaks off after `pauseMs`, sent as a client on a slow link sends it. */
function slowBrokenBody(pauseMs: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode('{"model":"openai/gpt-4.1","messages":'));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      controller.enqueue(encoder.encode('[{"role":"user",'));
      controller.close();
    },
  });
}

describe('malformed requests', () => {
  it('a body the gateway cannot read reports as its overhead the time since the request arrived, not 0, on every front-end', async () => {
    const PAUSE_MS = 300;
    for (const path of ['/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions', '/v1/responses', '/v1/embeddings']) {
      const startedAt = performance.now();
      const response = await fetch(`${e2e.gateway.url}${path}`, { method: 'POST', headers: { ...ANTHROPIC, authorization: `Bearer ${e2e.gateway.apiKey}`, 'x-api-key': e2e.gateway.apiKey }, body: slowBrokenBody(PAUSE_MS), duplex: 'half' } as RequestInit);
      const elapsedMs = performance.now() - startedAt;
      expect(response.status, path).toBe(400);
      expect(JSON.stringify(await response.json()), path).toContain('invalid_request_error');
      const overheadMs = Number(response.headers.get('bytespike-overhead-ms'));
      // The pause began as the stream was made, a moment before the request reached the gateway.
      expect(overheadMs, path).toBeGreaterThanOrEqual(PAUSE_MS / 2);
      expect(overheadMs, path).toBeLessThanOrEqual(elapsedMs);
    }
  });

  it('multipart fields named like Object.prototype members are plain fields (images edits, videos)', async () => {
    const form = (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return body;
    };
    const odd = { toString: 'x', constructor: 'x', __proto__: 'x', hasOwnProperty: 'x', valueOf: 'x' };
    const editForm = form({ model: 'gpt-image-1', prompt: 'add a hat', ...odd });
    editForm.append('image', new File([Buffer.from('png')], 'a.png', { type: 'image/png' }));
    const edit = await send('POST', '/v1/images/edits', { body: editForm });
    expect(edit).toMatchObject({ status: 200, requestId: REQUEST_ID, body: { data: [expect.any(Object)] } });
    const video = await send('POST', '/v1/videos', { body: form({ model: 'veo-3.0-fast-generate-001', prompt: 'a paper boat [[job:polls=1]]', seconds: '4', ...odd }) });
    expect(video).toMatchObject({ status: 200, body: { object: 'video' } });
  });

  it('JSON nested deeper than 512 levels is a 400 in the caller\'s protocol, on passthrough and translated routes alike', async () => {
    const passthrough = await send('POST', '/v1/chat/completions', { headers: JSON_TYPE, body: chatBody('openai/gpt-4.1', `"metadata":${nested(100_000)}`) });
    expect(passthrough).toEqual({ status: 400, requestId: REQUEST_ID, body: { error: { type: 'invalid_request_error', code: 'BSK_HTTP_MALFORMED_BODY', param: null, message: expect.stringContaining('nest deeper than 512 levels') } } });
    const translated = await send('POST', '/v1/chat/completions', { headers: JSON_TYPE, body: chatBody('anthropic/claude-sonnet-4-6', deepTools(100_000)) });
    expect(translated).toMatchObject({ status: 400, body: { error: { code: 'BSK_HTTP_MALFORMED_BODY' } } });
    const messages = await send('POST', '/v1/messages', { headers: ANTHROPIC, body: chatBody('anthropic/claude-sonnet-4-6', `"metadata":${nested(100_000)}`) });
    expect(messages).toEqual({ status: 400, requestId: REQUEST_ID, body: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('nest deeper than 512 levels') }, request_id: messages.requestId } });
    // A schema 512 levels deep is still read, translated and answered.
    expect((await send('POST', '/v1/chat/completions', { headers: JSON_TYPE, body: chatBody('anthropic/claude-sonnet-4-6', deepTools(512)) })).status).toBe(200);
  });

  it('JSON nested deeper than 512 levels inside a string the gateway parses (tool call arguments) is a 400 naming the field when translated', async () => {
    const deepArguments = JSON.stringify(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const history = (model: string) => `{"model":"${model}","max_tokens":20,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":${deepArguments}}}]},{"role":"tool","tool_call_id":"call_1","content":"done"}]}`;
    const chat = await send('POST', '/v1/chat/completions', { headers: JSON_TYPE, body: history('anthropic/claude-sonnet-4-6') });
    expect(chat).toEqual({ status: 400, requestId: REQUEST_ID, body: { error: { type: 'invalid_request_error', code: 'BSK_CHAT_INVALID_REQUEST', param: 'messages.1.tool_calls.0.function.arguments', message: expect.stringContaining('nest deeper than 512 levels') } } });
    const responses = await send('POST', '/v1/responses', { headers: JSON_TYPE, body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', input: [{ type: 'function_call', call_id: 'call_1', name: 'f', arguments: JSON.parse(deepArguments) }, { type: 'function_call_output', call_id: 'call_1', output: 'done' }] }) });
    expect(responses).toMatchObject({ status: 400, requestId: REQUEST_ID, body: { error: { type: 'invalid_request_error', param: 'input.0.arguments', message: expect.stringContaining('nest deeper than 512 levels') } } });
    // Reasoning the gateway sealed into `encrypted_content` is read back the same way.
    const sealed = `bsk1.${Buffer.from(`{"providerMetadata":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`).toString('base64url')}`;
    const reasoning = await send('POST', '/v1/responses', { headers: JSON_TYPE, body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', input: [{ role: 'user', content: 'Hi' }, { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: sealed }, { role: 'user', content: 'Again' }] }) });
    expect(reasoning).toMatchObject({ status: 400, body: { error: { param: 'input.1.encrypted_content', message: expect.stringContaining('nest deeper than 512 levels') } } });
    // Arguments 512 levels deep are still read, translated and answered.
    const deepest = JSON.stringify(`{"a":${'['.repeat(511)}${']'.repeat(511)}}`);
    expect((await send('POST', '/v1/chat/completions', { headers: JSON_TYPE, body: history('anthropic/claude-sonnet-4-6').replace(deepArguments, deepest) })).status).toBe(200);
  });

  it('a body the gateway cannot read on an endpoint it lacks is the 404 of that endpoint\'s protocol', async () => {
    expect(await send('POST', '/v1/batches', { headers: JSON_TYPE, body: '{' })).toEqual({ status: 404, requestId: REQUEST_ID, body: { error: { type: 'not_found_error', code: 'BSK_HTTP_NOT_FOUND', param: null, message: 'no endpoint POST /v1/batches on this gateway' } } });
    const batches = await send('POST', '/v1/messages/batches', { headers: JSON_TYPE, body: '{' });
    expect(batches).toEqual({ status: 404, requestId: REQUEST_ID, body: { type: 'error', error: { type: 'not_found_error', message: 'no endpoint POST /v1/messages/batches on this gateway' }, request_id: batches.requestId } });
    expect(await send('OPTIONS', '/v1/chat/completions', { headers: JSON_TYPE })).toMatchObject({ status: 404, requestId: REQUEST_ID, body: { error: { code: 'BSK_HTTP_NOT_FOUND' } } });
    expect(await send('GET', '/v1/models/%E0%A4%A')).toMatchObject({ status: 404, requestId: REQUEST_ID, body: { error: { code: 'BSK_HTTP_NOT_FOUND', message: 'no endpoint GET /v1/models/%E0%A4%A on this gateway' } } });
    expect(await send('GET', '/v1/models/%E0%A4%A', { headers: { 'anthropic-version': '2023-06-01' } })).toMatchObject({ status: 404, requestId: REQUEST_ID, body: { type: 'error', error: { type: 'not_found_error' } } });
  });

  it('JSON sent as text/plain is refused as any other non-JSON type (415), in each protocol', async () => {
    const chat = await send('POST', '/v1/chat/completions', { headers: { 'content-type': 'text/plain' }, body: chatBody('openai/gpt-4.1', '"n":1') });
    expect(chat).toEqual({ status: 415, requestId: REQUEST_ID, body: { error: { type: 'invalid_request_error', code: 'BSK_HTTP_UNSUPPORTED_MEDIA_TYPE', param: null, message: 'send the body as application/json' } } });
    const messages = await send('POST', '/v1/messages', { headers: { 'content-type': 'text/plain', 'anthropic-version': '2023-06-01' }, body: chatBody('anthropic/claude-sonnet-4-6', '"stream":false') });
    expect(messages).toMatchObject({ status: 415, body: { type: 'error', error: { message: 'send the body as application/json' } } });
  });

  it('DELETE /v1/keys/{id} with a JSON content type and no body revokes the key; an empty POST stays a 400', async () => {
    const created = await send('POST', '/v1/keys', { headers: JSON_TYPE, body: JSON.stringify({ name: 'short-lived' }) });
    expect(created.status).toBe(201);
    const revoked = await send('DELETE', `/v1/keys/${created.body.id}`, { headers: JSON_TYPE });
    expect(revoked).toMatchObject({ status: 200, requestId: REQUEST_ID });
    expect(await send('POST', '/v1/keys', { headers: JSON_TYPE })).toMatchObject({ status: 400, body: { error: { code: 'BSK_HTTP_MALFORMED_BODY' } } });
  });
});
