import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamSimulator, type UpstreamSimulator } from './index';
import { GOOGLE_HEADERS, postJson, readPayloads } from './test-support';

let simulator: UpstreamSimulator;
let models: string;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ apiKeys: { gemini: 'test-key' } });
  models = `${simulator.baseUrls.gemini}/v1beta/models`;
});
afterAll(() => simulator.close());

const userTurn = (text: string) => ({ contents: [{ role: 'user', parts: [{ text }] }] });
const weatherTools = { tools: [{ functionDeclarations: [{ name: 'weather', parameters: { type: 'OBJECT', properties: { location: { type: 'STRING' } }, required: ['location'] } }] }] };

async function generate(model: string, body: unknown): Promise<Record<string, any>> {
  const response = await postJson(`${models}/${model}:generateContent`, body, GOOGLE_HEADERS);
  expect(response.status).toBe(200);
  return response.json();
}

describe('Gemini generateContent', () => {
  it('answers text with usageMetadata', async () => {
    const response = await generate('gemini-2.5-pro', userTurn('Hello Gemini'));
    expect(response.candidates[0]).toMatchObject({ content: { role: 'model', parts: [{ text: 'Simulated answer from gemini-2.5-pro: Hello Gemini' }] }, finishReason: 'STOP' });
    const usage = response.usageMetadata;
    expect(usage.candidatesTokenCount).toBe(6);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + 6);
  });

  it('streams GenerateContentResponse events framed with CRLF, usage cumulative', async () => {
    const response = await postJson(`${models}/gemini-2.5-flash:streamGenerateContent?alt=sse`, userTurn('Stream me [[long:4]]'), GOOGLE_HEADERS);
    const raw = await response.clone().text();
    expect(raw.startsWith('data: {')).toBe(true);
    expect(raw.split('\r\n\r\n').filter(Boolean)).toHaveLength(5);
    const chunks = await readPayloads(response);
    const text = chunks.map((chunk: any) => chunk.candidates[0].content.parts.map((part: any) => part.text).join('')).join('');
    expect(text).toBe('Simulated answer from gemini-2.5-flash:');
    expect(chunks.map((chunk: any) => chunk.usageMetadata.candidatesTokenCount)).toEqual([1, 2, 3, 4, 4]);
    expect((chunks.at(-1) as any).candidates[0].finishReason).toBe('STOP');
  });

  it('streams a JSON array without alt=sse', async () => {
    const response = await postJson(`${models}/gemini-2.5-flash:streamGenerateContent`, userTurn('Hi'), GOOGLE_HEADERS);
    const body = await response.json();
    expect(Array.isArray(body)).toBe(true);
    expect(body.at(-1).candidates[0].finishReason).toBe('STOP');
  });

  it('calls functions with a thoughtSignature, then answers with the functionResponse', async () => {
    const first = await generate('gemini-3-pro-preview', { ...userTurn('Weather? [[tool:weather]]'), ...weatherTools });
    const part = first.candidates[0].content.parts[0];
    expect(part).toMatchObject({ functionCall: { name: 'weather', args: { location: 'sample location' } }, thoughtSignature: expect.any(String) });
    const second = await generate('gemini-3-pro-preview', {
      ...weatherTools,
      contents: [
        { role: 'user', parts: [{ text: 'Weather? [[tool:weather]]' }] },
        { role: 'model', parts: [part] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { forecast: 'foggy' } } }] },
      ],
    });
    expect(second.candidates[0].content.parts[0].text).toContain('foggy');
  });

  it('refuses, for Gemini 3 only, a function call of the current turn sent back without its thoughtSignature', async () => {
    const first = await generate('gemini-3-pro-preview', { ...userTurn('Weather? [[tool:weather]]'), ...weatherTools });
    const { thoughtSignature, ...unsigned } = first.candidates[0].content.parts[0];
    const followUp = (call: unknown, history: unknown[] = []) => ({
      ...weatherTools,
      contents: [...history, { role: 'user', parts: [{ text: 'Weather? [[tool:weather]]' }] }, { role: 'model', parts: [call] }, { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { forecast: 'foggy' } } }] }],
    });
    const refused = await postJson(`${models}/gemini-3-pro-preview:generateContent`, followUp(unsigned), GOOGLE_HEADERS);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Function call is missing a thought_signature in functionCall parts\..* function call `default_api:weather` , position 2\./) } });
    expect(thoughtSignature).toEqual(expect.any(String));
    await generate('gemini-2.5-flash', followUp(unsigned));
    // An earlier turn's calls are not checked.
    const earlierTurn = [{ role: 'user', parts: [{ text: 'Before' }] }, { role: 'model', parts: [unsigned] }, { role: 'user', parts: [{ functionResponse: { name: 'weather', response: {} } }] }, { role: 'model', parts: [{ text: 'Done.' }] }];
    await generate('gemini-3-pro-preview', followUp({ ...unsigned, thoughtSignature }, earlierTurn));
  });

  it('forces a call with functionCallingConfig mode ANY', async () => {
    const response = await generate('gemini-2.5-pro', { ...userTurn('Anything'), ...weatherTools, toolConfig: { functionCallingConfig: { mode: 'ANY' } } });
    expect(response.candidates[0].content.parts[0].functionCall.name).toBe('weather');
  });

  it('thinks in thought parts and counts thoughts and cached tokens apart', async () => {
    const response = await generate('gemini-2.5-pro', { ...userTurn('Ponder this [[cached:3]]'), generationConfig: { thinkingConfig: { includeThoughts: true } } });
    const parts = response.candidates[0].content.parts;
    expect(parts[0]).toMatchObject({ thought: true, text: expect.stringContaining('Ponder this') });
    expect(parts[1]).toMatchObject({ text: expect.stringContaining('Simulated answer'), thoughtSignature: expect.any(String) });
    expect(response.usageMetadata).toMatchObject({ thoughtsTokenCount: expect.any(Number), cachedContentTokenCount: 3 });
  });

  it.each([
    ['gemini-2.5-pro', 0, 'Budget 0 is invalid. This model only works in thinking mode.'],
    ['gemini-2.5-pro', 127, 'The thinking budget (127) is invalid.'],
    ['gemini-2.5-pro', 32_769, 'The thinking budget (32769) is invalid.'],
    ['gemini-2.5-flash', 24_577, 'The thinking budget (24577) is invalid.'],
    ['gemini-2.5-flash-lite', 511, 'The thinking budget (511) is invalid.'],
  ])('refuses %s a thinkingBudget of %i, 400 INVALID_ARGUMENT', async (model, thinkingBudget, message) => {
    const response = await postJson(`${models}/${model}:generateContent`, { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingBudget } } }, GOOGLE_HEADERS);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
  });

  it.each([
    ['gemini-2.5-pro', 128], ['gemini-2.5-pro', 32_768], ['gemini-2.5-pro', -1],
    ['gemini-2.5-flash', 0], ['gemini-2.5-flash', 24_576],
    ['gemini-2.5-flash-lite', 0], ['gemini-2.5-flash-lite', 512], ['gemini-3-pro-preview', 100_000],
  ])('takes %s a thinkingBudget of %i', async (model, thinkingBudget) => {
    await generate(model, { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingBudget } } });
  });

  it.each([
    ['gemini-3-pro-preview', { thinkingLevel: 'low', thinkingBudget: 1024 }, 'thinking_budget and thinking_level are not supported together.'],
    ['gemini-3-pro-preview', { thinkingLevel: 'medium' }, 'Thinking level medium is not supported for this model.'],
    ['gemini-2.5-flash', { thinkingLevel: 'high' }, 'Thinking level is not supported for this model.'],
    ['gemini-3.1-pro-preview', { thinkingLevel: 'minimal' }, 'Thinking level minimal is not supported for this model.'],
    ['gemini-3.8-flash', { thinkingLevel: 'minimal' }, 'Thinking level minimal is not supported for this model.'],
    ['gemini-3.7-flash', { thinkingLevel: 'minimal' }, 'Thinking level minimal is not supported for this model.'],
  ])('refuses %s the thinkingConfig %o, 400 INVALID_ARGUMENT', async (model, thinkingConfig, message) => {
    const response = await postJson(`${models}/${model}:generateContent`, { ...userTurn('hi'), generationConfig: { thinkingConfig } }, GOOGLE_HEADERS);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
  });

  it('takes Gemini 3 Pro a thinkingLevel of low or high, and thinks when thoughts are asked for; refuses 2.5 Flash any level', async () => {
    await generate('gemini-3-pro-preview', { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingLevel: 'high' } } });
    const response = await generate('gemini-3-pro-preview', { ...userTurn('hi'), generationConfig: { thinkingConfig: { includeThoughts: true, thinkingLevel: 'low' } } });
    expect(response.candidates[0].content.parts[0]).toMatchObject({ thought: true });
    await generate('gemini-3.1-pro-preview', { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingLevel: 'medium' } } });
    expect((await postJson(`${models}/gemini-2.5-flash:generateContent`, { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingLevel: 'low' } } }, GOOGLE_HEADERS)).status).toBe(400);
  });

  it.each([
    ['gemini-3.6-flash', 'minimal'], ['gemini-3.6-flash', 'high'], ['gemini-3.7-flash', 'low'],
    ['gemini-3.5-flash', 'minimal'], ['gemini-3.5-flash', 'high'], ['gemini-3.5-flash-lite', 'minimal'], ['gemini-3.8-flash', 'low'], ['gemini-3.8-flash', 'medium'],
  ])('serves %s, taking a thinkingLevel of %s', async (model, thinkingLevel) => {
    const response = await generate(model, { ...userTurn('hi'), generationConfig: { thinkingConfig: { thinkingLevel } } });
    expect(response.modelVersion).toBe(model);
  });

  it('takes five stop sequences and refuses six', async () => {
    const stopSequences = ['#1', '#2', '#3', '#4', '#5'];
    await generate('gemini-2.5-flash', { ...userTurn('hi'), generationConfig: { stopSequences } });
    const refused = await postJson(`${models}/gemini-2.5-flash:streamGenerateContent?alt=sse`, { ...userTurn('hi'), generationConfig: { stopSequences: [...stopSequences, '#6'] } }, GOOGLE_HEADERS);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('the number of stop_sequences must not exceed 5') } });
  });

  it('counts tokens as generateContent reports them', async () => {
    const request = userTurn('Count these words for me');
    const counted = await (await postJson(`${models}/gemini-2.5-pro:countTokens`, request, GOOGLE_HEADERS)).json();
    const generated = await generate('gemini-2.5-pro', request);
    expect(counted.totalTokens).toBe(generated.usageMetadata.promptTokenCount);
    const wrapped = await (await postJson(`${models}/gemini-2.5-pro:countTokens`, { generateContentRequest: { model: 'models/gemini-2.5-pro', ...request } }, GOOGLE_HEADERS)).json();
    expect(wrapped.totalTokens).toBe(counted.totalTokens);
  });

  it('accepts the key as ?key= and refuses a wrong one in Google shape', async () => {
    expect((await postJson(`${models}/gemini-2.5-pro:generateContent?key=test-key`, userTurn('hi'))).status).toBe(200);
    const refused = await postJson(`${models}/gemini-2.5-pro:generateContent`, userTurn('hi'), { 'x-goog-api-key': 'wrong' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', details: [{ reason: 'API_KEY_INVALID' }] } });
  });

  it('answers 429 RESOURCE_EXHAUSTED with RetryInfo', async () => {
    const response = await postJson(`${models}/gemini-2.5-pro:generateContent`, userTurn('x [[fault:status=429,retry-after=34]]'), GOOGLE_HEADERS);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('34');
    expect(await response.json()).toEqual({
      error: { code: 429, message: expect.any(String), status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34s' }] },
    });
  });

  it('lists models', async () => {
    const response = await fetch(models, { headers: GOOGLE_HEADERS });
    const names = (await response.json()).models.map((model: { name: string }) => model.name);
    expect(names).toEqual(expect.arrayContaining(['models/gemini-2.5-pro', 'models/gemini-3.6-flash']));
  });
});

describe('Gemini embeddings, Imagen and Veo', () => {
  it('embeds one content and a batch, deterministically', async () => {
    const one = await (await postJson(`${models}/gemini-embedding-001:embedContent`, { content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 8 }, GOOGLE_HEADERS)).json();
    expect(one.embedding.values).toHaveLength(8);
    const batch = await (await postJson(`${models}/gemini-embedding-001:batchEmbedContents`, {
      requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 8 }, { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'beta' }] }, outputDimensionality: 8 }],
    }, GOOGLE_HEADERS)).json();
    expect(batch.embeddings[0].values).toEqual(one.embedding.values);
    expect(batch.embeddings[1].values).not.toEqual(one.embedding.values);
  });

  it('generates Imagen predictions', async () => {
    const response = await (await postJson(`${models}/imagen-4.0-generate-001:predict`, { instances: [{ prompt: 'a fox' }], parameters: { sampleCount: 2 } }, GOOGLE_HEADERS)).json();
    expect(response.predictions).toHaveLength(2);
    expect(Buffer.from(response.predictions[0].bytesBase64Encoded, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs a Veo long-running operation to a downloadable video', async () => {
    const started = await (await postJson(`${models}/veo-3.0-generate-001:predictLongRunning`, { instances: [{ prompt: 'waves [[job:polls=2]]' }] }, GOOGLE_HEADERS)).json();
    expect(started.name).toMatch(/^models\/veo-3.0-generate-001\/operations\//);
    const poll = async (): Promise<Record<string, any>> => (await fetch(`${simulator.baseUrls.gemini}/v1beta/${started.name}`, { headers: GOOGLE_HEADERS })).json();
    expect(await poll()).toEqual({ name: started.name });
    const done = await poll();
    expect(done.done).toBe(true);
    const video = await fetch(done.response.generateVideoResponse.generatedSamples[0].video.uri, { headers: GOOGLE_HEADERS });
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await video.arrayBuffer()).subarray(4, 8).toString()).toBe('ftyp');
  });

  it('reports a failed Veo operation as done with an error', async () => {
    const started = await (await postJson(`${models}/veo-3.0-generate-001:predictLongRunning`, { instances: [{ prompt: 'waves [[job:polls=1,fail]]' }] }, GOOGLE_HEADERS)).json();
    const operationId = started.name.split('/').at(-1);
    const done = await (await fetch(`${simulator.baseUrls.gemini}/v1beta/operations/${operationId}`, { headers: GOOGLE_HEADERS })).json();
    expect(done).toMatchObject({ done: true, error: { code: 13 } });
  });

  it('finishes a Veo operation with time as well as polls, and answers 404 for an unknown one', async () => {
    const started = await (await postJson(`${models}/veo-3.0-generate-001:predictLongRunning`, { instances: [{ prompt: 'slow [[job:polls=100,ms=50]]' }] }, GOOGLE_HEADERS)).json();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await (await fetch(`${simulator.baseUrls.gemini}/v1beta/${started.name}`, { headers: GOOGLE_HEADERS })).json()).toMatchObject({ done: true, response: expect.any(Object) });
    expect((await fetch(`${simulator.baseUrls.gemini}/v1beta/operations/missing`, { headers: GOOGLE_HEADERS })).status).toBe(404);
  });
});
