import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';
import { ANTHROPIC_HEADERS, BEARER_HEADERS, GOOGLE_HEADERS, postJson, readEvents } from './test-support';

const FIXTURES = join(import.meta.dirname, 'fixtures');

let simulator: UpstreamSimulator;

beforeAll(async () => {
  simulator = await startUpstreamSimulator();
});
afterAll(() => simulator.close());

function recordings(extension: string): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) => readdirSync(join(FIXTURES, folder.name)).filter((file) => file.endsWith(extension)).map((file) => `${folder.name}/${file.slice(0, -extension.length)}`));
}

/** Sends a request whose prompt names the recording, to the endpoint its folder belongs to. */
function replay(name: string, stream: boolean): Promise<Response> {
  const directive = `Replay please [[fixture:${name}]]`;
  const folder = name.split('/')[0];
  const chatBody = { model: 'm', stream, messages: [{ role: 'user', content: directive }] };
  switch (folder) {
    case 'anthropic': return postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { ...chatBody, max_tokens: 10 }, ANTHROPIC_HEADERS);
    case 'gemini': {
      const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      return postJson(`${simulator.baseUrls.gemini}/v1beta/models/m:${action}`, { contents: [{ role: 'user', parts: [{ text: directive }] }] }, GOOGLE_HEADERS);
    }
    case 'deepseek': return postJson(`${simulator.baseUrls.deepseek}/chat/completions`, chatBody, BEARER_HEADERS);
    case 'kimi': return postJson(`${simulator.baseUrls.kimi}/chat/completions`, chatBody, BEARER_HEADERS);
    case 'rerank': return postJson(`${simulator.baseUrls.cohere}/v2/rerank`, { model: 'm', query: directive, documents: ['a'] }, BEARER_HEADERS);
    case 'embeddings': return postJson(`${simulator.baseUrls.voyage}/embeddings`, { model: 'm', input: [directive] }, BEARER_HEADERS);
    default: return postJson(`${simulator.baseUrls.openai}/chat/completions`, chatBody, BEARER_HEADERS);
  }
}

describe('recordings replay byte for byte', () => {
  it.each(recordings('.json'))('%s.json as the response body', async (name) => {
    const recorded = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
    const response = await replay(name, false);
    expect(await response.text()).toBe(recorded);
    const error = JSON.parse(recorded).error;
    expect(response.status).toBe(error ? (typeof error.code === 'number' ? error.code : 400) : 200);
  });

  it.each(recordings('.chunks.txt'))('%s.chunks.txt as the stream payloads', async (name) => {
    const lines = readFileSync(join(FIXTURES, `${name}.chunks.txt`), 'utf8').split('\n').filter((line) => line.trim() !== '');
    const response = await replay(name, true);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = await response.clone().text();
    const events = await readEvents(response);
    const folder = name.split('/')[0];
    if (folder === 'anthropic') {
      expect(events.map((event) => event.data)).toEqual(lines);
      for (const event of events) expect(event.event).toBe(JSON.parse(event.data).type);
    } else if (folder === 'gemini') {
      expect(events.map((event) => event.data)).toEqual(lines);
      expect(raw).toBe(lines.map((line) => `data: ${line}\r\n\r\n`).join(''));
    } else {
      expect(events.map((event) => event.data)).toEqual([...lines, '[DONE]']);
      expect(raw).toBe([...lines, '[DONE]'].map((line) => `data: ${line}\n\n`).join(''));
    }
  });

  it('refuses an unknown recording in the provider shape', async () => {
    const response = await postJson(`${simulator.baseUrls.anthropic}/v1/messages`, { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: '[[fixture:anthropic/nope]]' }] }, ANTHROPIC_HEADERS);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: 'simulator: no recording anthropic/nope.json' } });
  });

  it('names the source of every recording in SOURCES.txt', () => {
    const notes = readFileSync(join(FIXTURES, 'SOURCES.txt'), 'utf8');
    expect(notes).toContain('vercel/ai@');
    for (const name of [...recordings('.json'), ...recordings('.chunks.txt')]) expect(notes).toContain(name.split('/')[1]);
  });
});
