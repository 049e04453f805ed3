import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../kernel/sse';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';
import { ANTHROPIC_HEADERS, BEARER_HEADERS, GOOGLE_HEADERS, postJson, readEvents } from './test-support';

let simulator: UpstreamSimulator;

beforeAll(async () => {
  simulator = await startUpstreamSimulator();
});
afterAll(() => simulator.close());

const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4.1', messages: [{ role: 'user', content }], ...extra });
const openAiChat = (body: unknown, headers: Record<string, string> = {}) => postJson(`${simulator.baseUrls.openai}/chat/completions`, body, { ...BEARER_HEADERS, ...headers });

/** Reads a body until the server cuts it, returning what arrived and whether it was cut. */
async function readUntilCut(response: Response): Promise<{ text: string; cut: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    return { text, cut: false };
  } catch {
    return { text, cut: true };
  }
}

describe('status faults, in each provider shape', () => {
  it('500 from OpenAI, 529 from Anthropic, 503 from Gemini, 401 from DeepSeek', async () => {
    const openai = await openAiChat(chat('x [[fault:status=500]]'));
    expect([openai.status, (await openai.json()).error.type]).toEqual([500, 'server_error']);
    const anthropic = await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x [[fault:status=529]]' }] }, ANTHROPIC_HEADERS);
    expect([anthropic.status, (await anthropic.json()).error.type]).toEqual([529, 'overloaded_error']);
    const gemini = await postJson(`${simulator.baseUrls.gemini}/v1beta/models/g:generateContent`, { contents: [{ parts: [{ text: 'x [[fault:status=503]]' }] }] }, GOOGLE_HEADERS);
    expect([gemini.status, (await gemini.json()).error.status]).toEqual([503, 'UNAVAILABLE']);
    const deepseek = await postJson(`${simulator.baseUrls.deepseek}/chat/completions`, chat('x [[fault:status=401]]'), BEARER_HEADERS);
    expect([deepseek.status, (await deepseek.json()).error.code]).toEqual([401, 'invalid_api_key']);
  });

  it('429 always carries retry-after', async () => {
    const response = await openAiChat(chat('x [[fault:status=429]]'));
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('takes the fault from the x-sim-fault header, prompt unchanged', async () => {
    const response = await openAiChat(chat('plain prompt'), { 'x-sim-fault': 'status=503' });
    expect(response.status).toBe(503);
  });

  it('refuses an unknown fault option instead of ignoring it', async () => {
    const response = await openAiChat(chat('x [[fault:explode]]'));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('unknown fault option "explode"');
  });
});

describe('fail-times', () => {
  it('fails the first K requests with the key, then succeeds; reset starts over', async () => {
    const body = chat('retry me [[fault:fail-times=2,status=503,key=retry-test]]');
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await openAiChat(body)).status);
    expect(statuses).toEqual([503, 503, 200]);
    await fetch(`${simulator.url}/__sim/reset`, { method: 'POST' });
    expect((await openAiChat(body)).status).toBe(503);
  });

  it('defaults to 503 and counts per key', async () => {
    expect((await openAiChat(chat('a [[fault:fail-times=1,key=one]]'))).status).toBe(503);
    expect((await openAiChat(chat('b [[fault:fail-times=1,key=two]]'))).status).toBe(503);
    expect((await openAiChat(chat('a [[fault:fail-times=1,key=one]]'))).status).toBe(200);
  });
});

describe('stream faults', () => {
  it('disconnect-after=N streams N events, then destroys the socket', async () => {
    const response = await openAiChat(chat('x [[fault:disconnect-after=3]]', { stream: true }));
    const { text, cut } = await readUntilCut(response);
    expect(cut).toBe(true);
    expect(text.match(/^data: /gm)).toHaveLength(3);
  });

  it('disconnect-mid-event=N streams N events and the next but its closing blank line, then destroys the socket', async () => {
    const response = await openAiChat(chat('x [[fault:disconnect-mid-event=3]]', { stream: true }));
    const { text, cut } = await readUntilCut(response);
    expect(cut).toBe(true);
    expect(text.match(/^data: /gm)).toHaveLength(4);
    expect(text.split('\n\n')).toHaveLength(4);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('disconnect cuts a non-streamed body halfway', async () => {
    const response = await openAiChat(chat('x [[fault:disconnect-after=0]]'));
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('malformed-chunk inserts one unparsable event and keeps streaming', async () => {
    const events = await readEvents(await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { model: 'm', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x [[fault:malformed-chunk=2]]' }] }, ANTHROPIC_HEADERS));
    const unparsable = events.filter((event) => { try { JSON.parse(event.data); return false; } catch { return true; } });
    expect(unparsable).toHaveLength(1);
    expect(events.indexOf(unparsable[0]!)).toBe(2);
    expect(events.at(-1)!.event).toBe('message_stop');
  });

  it('error-after=N sends the provider in-stream error and ends without [DONE]', async () => {
    const openai = await (await openAiChat(chat('x [[fault:error-after=2]]', { stream: true }))).text();
    expect(openai).not.toContain('[DONE]');
    expect(JSON.parse(openai.trim().split('\n\n').at(-1)!.slice('data: '.length))).toMatchObject({ error: { type: 'server_error' } });
    const gemini = await readEvents(await postJson(`${simulator.baseUrls.gemini}/v1beta/models/g:streamGenerateContent?alt=sse`, { contents: [{ parts: [{ text: 'x [[fault:error-after=1]]' }] }] }, GOOGLE_HEADERS));
    expect(JSON.parse(gemini.at(-1)!.data)).toMatchObject({ error: { code: 500, status: 'INTERNAL' } });
  });

  it('error-after=N with retry-after=S puts retry-after on the stream\'s 200 head; without it there is none', async () => {
    const anthropic = await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { model: 'm', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x [[fault:error-after=0,retry-after=6]]' }] }, ANTHROPIC_HEADERS);
    expect([anthropic.status, anthropic.headers.get('retry-after')]).toEqual([200, '6']);
    expect((await readEvents(anthropic)).map((event) => [event.event, JSON.parse(event.data).error.type])).toEqual([['error', 'overloaded_error']]);
    const openai = await openAiChat(chat('x [[fault:error-after=0]]', { stream: true }));
    expect([openai.status, openai.headers.get('retry-after')]).toEqual([200, null]);
    await openai.text();
  });
});

describe('latency faults', () => {
  it('delays the first byte', async () => {
    const started = Date.now();
    await openAiChat(chat('x [[delay:150]]'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('delays between chunks', async () => {
    const started = Date.now();
    const events = await readEvents(await openAiChat(chat('x [[chunk-delay:20]] [[long:4]]', { stream: true })));
    expect(Date.now() - started).toBeGreaterThanOrEqual((events.length - 1) * 20 - 5);
  });

  it('stall sends the head and half the body (a stream: its first event), then nothing until the client gives up', async () => {
    const whole = await openAiChat(chat('x [[fault:stall]]'));
    expect(whole.status).toBe(200);
    const stalled = await readUntilCut(await fetch(`${simulator.baseUrls.openai}/chat/completions`, { method: 'POST', headers: BEARER_HEADERS, body: JSON.stringify(chat('x [[fault:stall]]')), signal: AbortSignal.timeout(200) }));
    expect(stalled.cut).toBe(true);
    expect(stalled.text.length).toBeGreaterThan(0);
    expect(Number(whole.headers.get('content-length'))).toBeGreaterThan(stalled.text.length);
    await whole.body?.cancel();
    const stream = await readUntilCut(await fetch(`${simulator.baseUrls.openai}/chat/completions`, { method: 'POST', headers: BEARER_HEADERS, body: JSON.stringify(chat('x [[fault:stall]]', { stream: true })), signal: AbortSignal.timeout(200) }));
    expect([stream.cut, stream.text.match(/^data: /gm)?.length]).toEqual([true, 1]);
  });

  it('hang never answers, so the client times out; close() still returns', async () => {
    const pending = fetch(`${simulator.baseUrls.openai}/chat/completions`, { method: 'POST', headers: BEARER_HEADERS, body: JSON.stringify(chat('x [[fault:hang]]')), signal: AbortSignal.timeout(200) });
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    const other = await startUpstreamSimulator();
    const hanging = fetch(`${other.baseUrls.openai}/chat/completions`, { method: 'POST', headers: BEARER_HEADERS, body: JSON.stringify(chat('x [[fault:hang]]')) }).catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    expect(await hanging).toBe('cut');
  });
});

describe('stream shapes', () => {
  it('sends the same events in every legal SSE shape asked for, and only the bytes differ', async () => {
    // Bytes, not Response.text(): its decoder drops the byte order mark.
    const bodyOf = async (response: Response) => Buffer.from(await response.arrayBuffer()).toString('utf8');
    const plain = await bodyOf(await openAiChat(chat('hi [[fault:key=plain]]', { stream: true })));
    const shaped = await bodyOf(await openAiChat(chat('hi [[fault:line-ends=mixed,bom,extra-lines,no-space,split-data,empty-data,unterminated]]', { stream: true })));
    expect(shaped.startsWith('\uFEFF: OPENROUTER PROCESSING')).toBe(true);
    expect(shaped).toMatch(/\r\n\n/);
    expect(shaped).toMatch(/\n\r(?!\n)/);
    expect(shaped).toContain('id: 1');
    expect(shaped).toContain('data:{\r');
    expect(shaped.endsWith('data:[DONE]')).toBe(true);
    const parse = (text: string) => {
      const parser = new SseParser();
      return [...parser.push(text), ...parser.end()];
    };
    // The answer's id is drawn from the prompt, which names the fault.
    const events = (text: string) => parse(text).map(({ data }) => data.replace(/chatcmpl-sim\w+/, 'ID'));
    expect(events(shaped).map((data) => data.replace(/^\n/, '').replace('{\n', '{'))).toEqual(events(plain));
  });

  it('sends a stream a byte a write with byte-reads', async () => {
    const response = await openAiChat(chat('hi [[fault:byte-reads,line-ends=cr]]', { stream: true }));
    let reads = 0;
    let text = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      reads++;
      text += Buffer.from(chunk).toString('latin1');
    }
    expect(text).toMatch(/^data: \{[^\n]+\r\r/);
    expect(reads).toBeGreaterThan(text.length / 4);
  });

  it('refuses a line-ends value it does not know', async () => {
    expect((await openAiChat(chat('hi [[fault:line-ends=lf]]', { stream: true }))).status).toBe(400);
  });
});
