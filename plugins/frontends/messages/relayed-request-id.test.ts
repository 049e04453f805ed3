import { describe, expect, it } from 'vitest';
import { nameRequestInErrorBody, nameRequestInErrorEvent } from './relayed-request-id';

const OURS = 'req_019a0000000000000000000000000000';

describe('nameRequestInErrorBody', () => {
  it('replaces the upstream\'s request_id with the gateway\'s, every other byte as it came', () => {
    const upstream = '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: caf\\u00e9 \\"quoted\\""},  "request_id" : "req_011CUpstream"}';
    const relayed = nameRequestInErrorBody(Buffer.from(upstream), OURS).toString('utf8');
    expect(relayed).toBe(upstream.replace('"req_011CUpstream"', `"${OURS}"`));
    expect(JSON.parse(relayed)).toMatchObject({ error: { message: 'max_tokens: café "quoted"' }, request_id: OURS });
  });

  it('names the top-level request, not a field of the same name inside the error', () => {
    const upstream = { type: 'error', error: { type: 'invalid_request_error', message: 'bad', details: { request_id: 'req_nested' } }, request_id: 'req_top' };
    expect(JSON.parse(nameRequestInErrorBody(Buffer.from(JSON.stringify(upstream)), OURS).toString('utf8'))).toEqual({ ...upstream, request_id: OURS });
  });

  it('adds the gateway\'s request id to an error body that names none', () => {
    const upstream = '{"type":"error","error":{"type":"not_found_error","message":"model: x"}}\n';
    expect(nameRequestInErrorBody(Buffer.from(upstream), OURS).toString('utf8')).toBe(`{"type":"error","error":{"type":"not_found_error","message":"model: x"},"request_id":"${OURS}"}\n`);
  });

  it('leaves what is no Anthropic error body as it came', () => {
    for (const text of ['<html>502 Bad Gateway</html>', '{"error":{"message":"OpenAI-shaped","request_id":"req_x"}}', '{"type":"error","error":{},"request_id":null}']) {
      const body = Buffer.from(text);
      expect(nameRequestInErrorBody(body, OURS)).toBe(body);
    }
  });
});

describe('nameRequestInErrorEvent', () => {
  it('replaces the request_id of an error event', () => {
    const event = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CUpstream"}\n\n';
    expect(nameRequestInErrorEvent(event, OURS)).toBe(event.replace('req_011CUpstream', OURS));
  });

  it('adds one to an error event that names none, before the blank line that ends it', () => {
    const event = 'event: error\r\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\r\n\r\n';
    expect(nameRequestInErrorEvent(event, OURS)).toBe(`event: error\r\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"${OURS}"}\r\n\r\n`);
  });

  it('passes every other event as it came, the same string', () => {
    const delta = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{\\"request_id\\": \\"req_in_text\\"}"}}\n\n';
    expect(nameRequestInErrorEvent(delta, OURS)).toBe(delta);
  });
});
