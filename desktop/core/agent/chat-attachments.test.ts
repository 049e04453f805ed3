import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../conversations/conversation-event';
import { useGatewayTestLayers } from '../providers/gateway-test-layers';

/**
 * `dosia chat --attach` against the real gateway and the upstream simulator: the image and the
 * PDF reach the upstream in its own format (Anthropic blocks; OpenAI `image_url` data URLs),
 * through the ByteSpike provider (Anthropic wire) and an OpenAI-compatible one alike, and the
 * conversation keeps the file in the session folder, by reference.
 */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

const env = useGatewayTestLayers((fixture) => {
  writeFileSync(join(fixture.project, 'pixel.png'), Buffer.from(PNG, 'base64'));
  writeFileSync(join(fixture.project, 'spec.pdf'), Buffer.from(PDF, 'base64'));
  fixture.write('work/notes.md', '# Notes\nship on Tuesday');
});

const { dosia } = env;

/** The user message of the upstream request whose body holds `marker`, as the simulator received it. */
async function upstreamUserContent(provider: string, marker: string): Promise<unknown[]> {
  const { requests } = (await (await fetch(`${env.gateway.simulatorUrl}/__sim/requests?provider=${provider}`)).json()) as { requests: { rawBody: string | null; body: { messages?: { role: string; content: unknown }[]; input?: { role: string; content: unknown }[] } }[] };
  const request = requests.filter((candidate) => candidate.rawBody?.includes(marker)).at(-1);
  expect(request, `no ${provider} request with ${marker}`).toBeDefined();
  // Chat Completions' `messages`, or the Responses API's `input` (OpenAI's reasoning models are reached through it).
  const turns = request!.body.messages ?? request!.body.input ?? [];
  return turns.filter((message) => message.role === 'user').at(-1)!.content as unknown[];
}

describe('dosia chat --attach against the gateway', () => {
  it('sends an image and a PDF as Anthropic blocks, and keeps them in the session folder by reference', async () => {
    const result = await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', '--attach', 'pixel.png', '--attach', 'spec.pdf', '--attach', 'notes.md', '--json', 'marker-anthropic what is this?');
    expect(result.code, result.stderr).toBe(0);
    expect(await upstreamUserContent('anthropic', 'marker-anthropic')).toEqual([
      { type: 'text', text: 'marker-anthropic what is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'spec.pdf' },
      { type: 'text', text: '<attachment name="notes.md" type="text/markdown">\n# Notes\nship on Tuesday\n</attachment>' },
    ]);
    const { sessionId } = JSON.parse(result.stdout) as { sessionId: string };
    const folder = join(env.fixture.home, 'sessions', sessionId);
    const lines = readFileSync(join(folder, 'conversation.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.every((line) => !line.includes(PNG))).toBe(true);
    const user = lines.map((line) => JSON.parse(line) as ConversationEvent).find((event) => event.type === 'user');
    expect(user).toMatchObject({ attachments: [{ name: 'pixel.png', mediaType: 'image/png', bytes: 70, file: expect.stringMatching(/^attachments\/[0-9a-f]{64}\.png$/) }, { name: 'spec.pdf' }, { name: 'notes.md' }] });
    const image = user?.type === 'user' ? user.attachments![0]! : null;
    expect(readFileSync(join(folder, image!.file)).toString('base64')).toBe(PNG);
  });

  it('sends the image as an OpenAI data URL, through the gateway and through an OpenAI-compatible provider', async () => {
    expect((await dosia('chat', '-m', 'openai/gpt-5.4', '--attach', 'pixel.png', 'marker-converted describe')).code).toBe(0);
    // GPT-5 reasons: the gateway reaches it through the Responses API, where an image is an input_image.
    expect(await upstreamUserContent('openai', 'marker-converted')).toEqual([{ type: 'input_text', text: 'marker-converted describe' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'auto' }]);
    await dosia('providers', 'add', 'gw', '--type', 'openai', '--url', `${env.gateway.url}/v1`, '--key', env.gateway.apiKey);
    const viaOpenAI = await dosia('chat', '-m', 'openai/gpt-4o', '--attach', 'pixel.png', 'marker-openai-wire describe');
    expect(viaOpenAI.code, viaOpenAI.stderr).toBe(0);
    expect(await upstreamUserContent('openai', 'marker-openai-wire')).toEqual([{ type: 'text', text: 'marker-openai-wire describe' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }]);
  });

  it('sends the stored image again when the conversation continues', async () => {
    const first = JSON.parse((await dosia('chat', '-m', 'anthropic/claude-sonnet-4-6', '--attach', 'pixel.png', '--json', 'first look')).stdout) as { sessionId: string };
    expect((await dosia('chat', '--session', first.sessionId, 'marker-resumed and now?')).code).toBe(0);
    const { requests } = (await (await fetch(`${env.gateway.simulatorUrl}/__sim/requests?provider=anthropic`)).json()) as { requests: { rawBody: string; body: { messages: { role: string; content: unknown[] }[] } }[] };
    const resumed = requests.filter((request) => request.rawBody.includes('marker-resumed')).at(-1)!;
    expect(resumed.body.messages[0]!.content).toContainEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } });
  });

  it('refuses an unsupported or oversized file before anything is sent, with the reason', async () => {
    env.fixture.write('work/tool.exe', 'MZ');
    const refused = await dosia('chat', '--attach', 'tool.exe', 'run this');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('tool.exe (application/octet-stream) cannot be attached: images (PNG, JPEG, GIF, WebP), PDFs and text files can') });
    env.fixture.write('work/huge.png', 'x'.repeat(5 * 1024 * 1024 + 1));
    expect((await dosia('chat', '--attach', 'huge.png', 'look')).stderr).toContain('huge.png is 5 MB; images can be at most 5 MB');
    expect((await dosia('chat', '--attach', 'missing.png', 'look')).stderr).toContain('missing.png cannot be read: ENOENT');
    expect(existsSync(join(env.fixture.home, 'sessions'))).toBe(false);
  });
});
