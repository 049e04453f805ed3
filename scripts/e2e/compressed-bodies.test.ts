import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Request bodies sent compressed: decompressed before parsing, the body limit applied to what
 * they decompress to, and the failures answered in the caller's protocol without a charge.
 */
const e2e = useGatewayWithClients();

async function post(path: string, body: Buffer, headers: Record<string, string>) {
  const response = await fetch(`${e2e.gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${e2e.gateway.apiKey}`, 'x-api-key': e2e.gateway.apiKey, 'content-type': 'application/json', ...headers }, body: new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const chat = Buffer.from(JSON.stringify({ model: 'openai/gpt-4.1', max_tokens: 50, messages: [{ role: 'user', content: 'Hello, compressed' }] }));
const messages = Buffer.from(JSON.stringify({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hello, compressed' }] }));

describe('compressed request bodies', () => {
  it.each([
    ['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync],
  ] as const)('are read when sent as %s, on Chat Completions and Messages', async (encoding, compress) => {
    const viaChat = await post('/v1/chat/completions', compress(chat), { 'content-encoding': encoding });
    expect(viaChat).toMatchObject({ status: 200, body: { choices: [{ message: { content: expect.stringContaining('Hello, compressed') } }] } });
    const viaMessages = await post('/v1/messages', compress(messages), { 'content-encoding': encoding, 'anthropic-version': '2023-06-01' });
    expect(viaMessages).toMatchObject({ status: 200, body: { type: 'message' } });
  });

  it('refuses an encoding it cannot read (415), a body that does not decompress (400) and one that decompresses past the body limit (413), in each protocol, billing nothing', async () => {
    const before = await e2e.gateway.balance();
    expect(await post('/v1/chat/completions', chat, { 'content-encoding': 'zstd' })).toMatchObject({ status: 415, body: { error: { code: 'BSK_HTTP_UNSUPPORTED_ENCODING', message: expect.stringContaining('"zstd" is not supported') } } });
    const corrupt = await post('/v1/messages', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip', 'anthropic-version': '2023-06-01' });
    expect(corrupt).toMatchObject({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('the request body is not valid gzip') } } });
    // 40 MB of spaces inside a valid JSON string compress to a few kilobytes; the limit is 32 MiB.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"model":"openai/gpt-4.1","messages":[{"role":"user","content":"'), Buffer.alloc(40 * 1024 * 1024, 0x20), Buffer.from('"}]}')]));
    expect(bomb.length).toBeLessThan(200_000);
    expect(await post('/v1/chat/completions', bomb, { 'content-encoding': 'gzip' })).toMatchObject({ status: 413, body: { error: { code: 'BSK_HTTP_BODY_TOO_LARGE' } } });
    expect(await e2e.gateway.balance()).toBe(before);
  });
});
