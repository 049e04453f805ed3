import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../scripts/e2e/gateway-harness';
import { type BridgeEventLog, bootDosiaBridge, createDosiaFolders, type DosiaFolders } from '../web/dosia-web-fixture';
import type { BridgeService } from './bridge-service';

/**
 * The bridge as the UI drives it, over DOSIA core booted for real (layers, providers, agent,
 * conversations, compare) against the gateway and the upstream simulator.
 */
let gateway: GatewayHarness;
let folders: DosiaFolders;
let dosia: Awaited<ReturnType<typeof bootDosiaBridge>>;
let bridge: BridgeService;
let events: BridgeEventLog;

beforeAll(async () => {
  gateway = await startGatewayHarness();
}, 30_000);
afterAll(async () => gateway?.close());
beforeEach(async () => {
  folders = createDosiaFolders({
    'home/settings.json': { providers: { gw: { type: 'bytespike', url: gateway.url, key: gateway.apiKey } }, editor: { fontSize: 15 } },
    'work/.dosia/settings.json': { editor: { fontSize: 13 } },
  });
  dosia = await bootDosiaBridge(folders);
  bridge = dosia.service;
  events = dosia.events;
});
afterEach(async () => {
  await dosia.close();
  folders.remove();
});

async function generationCredits(requestId: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/generation?id=${requestId}`, { headers: { 'x-api-key': gateway.apiKey } });
  return ((await response.json()) as { data: { total_credits: number } }).data.total_credits;
}

function streamedText(turnId: string): string {
  return events.of('chat.part', turnId).map(({ part }) => (part.type === 'text-delta' ? part.text : '')).join('');
}

describe('bridge service over DOSIA core and the gateway', () => {
  it('models.list groups the gateway\'s chat models under the configured provider, with context windows and prices', async () => {
    const groups = await bridge.call('models.list', { refresh: true });
    expect(groups.map((group) => group.provider)).toEqual(['gw']);
    const ids = groups[0]!.models.map((model) => model.id);
    expect(ids).toContain('anthropic/claude-sonnet-4-6');
    expect(ids).toContain('openai/gpt-5.4');
    expect(groups[0]!.models.every((model) => model.modality === 'chat')).toBe(true);
    expect(groups[0]!.models.find((model) => model.id === 'anthropic/claude-sonnet-4-6')?.pricing?.inputPerMTok).toBeGreaterThan(0);
  });

  it('chat.send streams parts, then usage with the credits the gateway settled, then done; the session is stored and searchable', async () => {
    const before = await gateway.balance();
    const handle = await bridge.call('chat.send', { model: 'gw:anthropic/claude-sonnet-4-6', text: 'Plan the launch' });
    expect(handle.model).toBe('gw:anthropic/claude-sonnet-4-6');
    await bridge.idle();
    expect(streamedText(handle.turnId)).toBe('Simulated answer from claude-sonnet-4-6: Plan the launch');
    const [usage] = events.of('chat.usage', handle.turnId);
    expect(usage!.metrics.usage.inputTokens).toBeGreaterThan(0);
    expect(usage!.metrics.credits).toBe(before - (await gateway.balance()));
    expect(usage!.metrics.credits).toBe(await generationCredits(usage!.metrics.requestId!));
    expect(usage!.totals).toMatchObject({ credits: usage!.metrics.credits, calls: 1 });
    expect(events.of('chat.done', handle.turnId)).toEqual([{ turnId: handle.turnId, sessionId: handle.sessionId, stop: 'finished' }]);

    const transcript = await bridge.call('sessions.open', { sessionId: handle.sessionId });
    expect(transcript.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(transcript.messages[1]!.metrics?.credits).toBe(usage!.metrics.credits);
    expect(transcript.model).toBe('gw:anthropic/claude-sonnet-4-6');
    expect((await bridge.call('sessions.list', {})).map((session) => session.id)).toEqual([handle.sessionId]);
    expect(await bridge.call('sessions.search', { query: 'launch' })).toMatchObject([{ id: handle.sessionId, snippet: 'Plan the launch' }]);
    expect(await bridge.call('sessions.search', { query: 'nowhere' })).toEqual([]);
  });

  it('edit continues from a fork that ends before the edited message; the original session is kept', async () => {
    const first = await bridge.call('chat.send', { model: 'gw:openai/gpt-5.4', text: 'first question' });
    await bridge.idle();
    const original = await bridge.call('sessions.open', { sessionId: first.sessionId });
    const edited = await bridge.call('chat.send', { sessionId: first.sessionId, text: 'better question', replaceFromMessageId: original.messages[0]!.id });
    await bridge.idle();
    expect(edited.sessionId).not.toBe(first.sessionId);
    const branch = await bridge.call('sessions.open', { sessionId: edited.sessionId });
    expect(branch.messages.map((message) => (message.blocks[0]?.type === 'text' ? message.blocks[0].text : ''))).toEqual(['better question', 'Simulated answer from gpt-5.4: better question']);
    expect((await bridge.call('sessions.open', { sessionId: first.sessionId })).messages).toHaveLength(2);
  });

  it('attachments: a text file in a tagged block, an image the upstream receives as an image; stored by reference and readable back; unsupported types refused', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const handle = await bridge.call('chat.send', { model: 'gw:openai/gpt-5.4', text: 'Summarise bridge-marker', attachments: [
      { name: 'notes.md', mediaType: 'text/markdown', data: 'ship on friday', encoding: 'text' },
      { name: 'pixel.png', mediaType: 'image/png', data: png, encoding: 'base64' },
    ] });
    await bridge.idle();
    expect(streamedText(handle.turnId)).toContain('ship on friday');
    const { requests } = (await (await fetch(`${gateway.simulatorUrl}/__sim/requests?provider=openai`)).json()) as { requests: { rawBody: string; body: { input: { role: string; content: unknown }[] } }[] };
    const upstream = requests.filter((request) => request.rawBody.includes('bridge-marker')).at(-1)!;
    // GPT-5 reasons: the gateway reaches it through the Responses API, where an image is an input_image.
    expect(upstream.body.input.at(-1)!.content).toContainEqual({ type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' });
    const [user] = (await bridge.call('sessions.open', { sessionId: handle.sessionId })).messages;
    expect(user!.blocks[0]).toEqual({ type: 'text', text: 'Summarise bridge-marker' });
    expect(user!.attachments).toMatchObject([{ name: 'notes.md', mediaType: 'text/markdown' }, { name: 'pixel.png', mediaType: 'image/png', file: expect.stringMatching(/^attachments\//) }]);
    expect(await bridge.call('sessions.attachment', { sessionId: handle.sessionId, file: user!.attachments![1]!.file! })).toEqual({ mediaType: 'image/png', data: png });
    expect(await bridge.invoke('sessions.attachment', { sessionId: handle.sessionId, file: '../settings.json' })).toMatchObject({ ok: false, error: { code: 'BSK_BRIDGE_BAD_PARAMS' } });
    expect(await bridge.call('sessions.search', { query: 'notes.md' })).toMatchObject([{ id: handle.sessionId }]);
    const refused = await bridge.invoke('chat.send', { text: 'Look', attachments: [{ name: 'a.zip', mediaType: 'application/zip', data: 'UEsDBA==', encoding: 'base64' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BSK_AGENT_BAD_ATTACHMENT', message: expect.stringContaining('a.zip (application/zip) cannot be attached') } });
  });

  it('sessions.list reports tokens and credits per session', async () => {
    const handle = await bridge.call('chat.send', { model: 'gw:anthropic/claude-sonnet-4-6', text: 'Count my tokens' });
    await bridge.idle();
    const [usage] = events.of('chat.usage', handle.turnId);
    const [session] = await bridge.call('sessions.list', {});
    expect(session).toMatchObject({ id: handle.sessionId, credits: usage!.metrics.credits, inputTokens: usage!.metrics.usage.inputTokens, outputTokens: usage!.metrics.usage.outputTokens });
    expect(session!.inputTokens).toBeGreaterThan(0);
  });

  it('"always" saves the tool\'s rule in the chosen layer before the call goes on; Enterprise and locked keys are refused with the reason', async () => {
    const handle = await bridge.call('chat.send', { model: 'gw:anthropic/claude-sonnet-4-6', text: '[[tool:write_file]] write it' });
    await expect.poll(() => events.of('tool.request', handle.turnId).length, { timeout: 10_000 }).toBe(1);
    const { callId } = events.of('tool.request', handle.turnId)[0]!;
    expect(await bridge.invoke('tool.approve', { turnId: handle.turnId, callId, decision: 'always', layer: 'enterprise' })).toMatchObject({ ok: false, error: { code: 'BSK_LAYERS_WRITE_REFUSED', message: expect.stringContaining('read-only') } });
    folders.write('enterprise/policy.json', { locked: { 'permissions.allow': [] } });
    expect(await bridge.invoke('tool.approve', { turnId: handle.turnId, callId, decision: 'always', layer: 'personal' })).toMatchObject({ ok: false, error: { code: 'BSK_LAYERS_WRITE_REFUSED', message: expect.stringContaining('locked by Enterprise policy') } });
    folders.write('enterprise/policy.json', {});
    expect(await bridge.call('tool.approve', { turnId: handle.turnId, callId, decision: 'always', layer: 'project' })).toMatchObject({ applied: true, saved: { rule: 'write_file(*)', layer: 'project' } });
    await bridge.idle();
    expect(events.of('tool.result', handle.turnId)).toMatchObject([{ callId, isError: false }]);
    expect(await bridge.call('settings.get', { key: 'permissions.allow' })).toMatchObject({ value: ['write_file(*)'] });
    const again = await bridge.call('chat.send', { model: 'gw:anthropic/claude-sonnet-4-6', text: '[[tool:write_file]] write it again' });
    await bridge.idle();
    expect(events.of('tool.request', again.turnId)).toEqual([]);
    expect(events.of('tool.result', again.turnId)).toMatchObject([{ isError: false }]);
  });

  it('a tool call that needs a person waits for tool.approve, then its result streams and the model answers', async () => {
    const handle = await bridge.call('chat.send', { model: 'gw:anthropic/claude-sonnet-4-6', text: '[[tool:write_file]] write it' });
    await expect.poll(() => events.of('tool.request', handle.turnId).length, { timeout: 10_000 }).toBe(1);
    const [request] = events.of('tool.request', handle.turnId);
    expect(request).toMatchObject({ name: 'write_file', action: expect.stringMatching(/^write_file\(/) });
    expect(await bridge.call('tool.approve', { turnId: handle.turnId, callId: request!.callId, decision: 'allow' })).toEqual({ applied: true });
    await bridge.idle();
    expect(events.of('tool.result', handle.turnId)).toMatchObject([{ callId: request!.callId, isError: false }]);
    expect(events.of('chat.part', handle.turnId).map((event) => event.step)).toContain(2);
    expect(events.of('chat.done', handle.turnId)[0]!.stop).toBe('finished');
  });

  it('compare.run streams one turn per model; compare.pick continues with the winner in a chat session', async () => {
    const models = ['gw:anthropic/claude-sonnet-4-6', 'gw:openai/gpt-5.4', 'gw:deepseek/deepseek-chat'];
    const { compareId, columns } = await bridge.call('compare.run', { text: 'Name the release', models });
    expect(columns).toHaveLength(3);
    await bridge.idle();
    for (const column of columns) {
      expect(streamedText(column.turnId)).toContain('Name the release');
      expect(events.of('chat.usage', column.turnId)[0]!.metrics.credits).toBeGreaterThan(0);
      expect(events.of('chat.done', column.turnId)[0]!.stop).toBe('finished');
    }
    const winner = await bridge.call('compare.pick', { compareId, turnId: columns[1]!.turnId });
    expect(winner.kind).toBe('chat');
    expect(winner.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(winner.messages[1]!.model).toBe('gw:openai/gpt-5.4');
    const next = await bridge.call('chat.send', { sessionId: winner.id, text: 'Shorter please' });
    await bridge.idle();
    expect(next.model).toBe('gw:openai/gpt-5.4');
    expect((await bridge.call('sessions.open', { sessionId: winner.id })).messages).toHaveLength(4);
  });

  it('scopes and settings show a key shadowed across layers; writes go to the chosen layer, Enterprise refuses', async () => {
    const scopes = await bridge.call('scopes.list', {});
    const project = scopes.layers.find((layer) => layer.layer === 'project')!;
    expect(project.settings).toContainEqual({ key: 'editor.fontSize', status: 'shadowed', shadowedBy: 'personal', shadows: [] });
    expect(await bridge.call('settings.get', { key: 'editor.fontSize' })).toMatchObject({ value: 15, layer: 'personal', shadows: ['project'] });
    await bridge.call('settings.set', { key: 'editor.fontSize', value: 12, layer: 'project' });
    expect((await bridge.call('settings.get', { key: 'editor.fontSize' })).value).toBe(15);
    expect(await bridge.invoke('settings.set', { key: 'x', value: 1, layer: 'enterprise' })).toMatchObject({ ok: false, error: { code: 'BSK_LAYERS_WRITE_REFUSED' } });
  });

  it('answers unknown methods and bad params with BSK codes instead of throwing', async () => {
    expect(await bridge.invoke('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'BSK_BRIDGE_UNKNOWN_METHOD' } });
    expect(await bridge.invoke('chat.send', { text: 42 })).toMatchObject({ ok: false, error: { code: 'BSK_BRIDGE_BAD_PARAMS' } });
    expect(await bridge.invoke('settings.set', { key: 'a', value: 1, layer: 'galaxy' })).toMatchObject({ ok: false, error: { code: 'BSK_BRIDGE_BAD_PARAMS' } });
    expect(await bridge.invoke('chat.send', { text: 'hi', model: 'gw:no/such-model' })).toMatchObject({ ok: false, error: { code: 'BSK_PROVIDER_UNKNOWN_MODEL' } });
  });

  it('app.info reports first run until a provider exists; providers.add writes one to the Personal layer without echoing its key', async () => {
    expect((await bridge.call('app.info', {})).firstRun).toBe(false);
    await bridge.call('providers.add', { name: 'local', type: 'openai', url: 'http://127.0.0.1:11434/v1/', key: 'sk-local' });
    const { providers } = await bridge.call('providers.list', {});
    expect(providers).toContainEqual({ name: 'local', type: 'openai', url: 'http://127.0.0.1:11434/v1', hasKey: true, layer: 'personal' });
    expect(JSON.stringify(providers)).not.toContain('sk-local');
  });

  it('providers.add keeps the key in the secret store: settings.json only refers to it, and the provider works with it', async () => {
    await bridge.call('providers.add', { name: 'gw2', type: 'bytespike', url: gateway.url, key: gateway.apiKey });
    // (The fixture's own `gw` entry has its key inline, as older settings do: that still works.)
    const { gw2 } = (JSON.parse(readFileSync(join(folders.home, 'settings.json'), 'utf8')) as { providers: { gw2: { key: string } } }).providers;
    expect(JSON.stringify(gw2)).not.toContain(gateway.apiKey);
    const reference = gw2.key;
    expect(reference).toMatch(/^secret:providers\.gw2\.[0-9a-f]{12}$/);
    const groups = await bridge.call('models.list', { refresh: true });
    expect(groups.find((group) => group.provider === 'gw2')?.models.map((model) => model.id)).toContain('openai/gpt-5.4');
    await bridge.call('providers.add', { name: 'gw2', type: 'bytespike', url: gateway.url, key: 'bsk_replaced' });
    const secrets = JSON.parse(readFileSync(join(folders.home, 'secrets.json'), 'utf8')) as { secrets: Record<string, { value: string }> };
    expect(Object.values(secrets.secrets).map((secret) => secret.value)).toEqual(['bsk_replaced']);
    expect(secrets.secrets[reference.slice('secret:'.length)]).toBeUndefined();
  });

  it('providers.list names a provider whose key cannot be read, and why, instead of hiding it', async () => {
    await bridge.call('settings.set', { key: 'providers.lost', value: { type: 'openai', url: 'http://127.0.0.1:11434/v1', key: 'secret:providers.lost.gone' }, layer: 'personal' });
    await bridge.call('settings.set', { key: 'providers.fromenv', value: { type: 'openai', url: 'http://127.0.0.1:11434/v1', key: 'env:DOSIA_TEST_UNSET_KEY' }, layer: 'personal' });
    const { providers, unusable } = await bridge.call('providers.list', {});
    expect(providers.map((provider) => provider.name)).not.toContain('lost');
    expect(unusable).toEqual([
      { name: 'fromenv', reason: 'key env:DOSIA_TEST_UNSET_KEY: the environment variable DOSIA_TEST_UNSET_KEY is not set' },
      { name: 'lost', reason: expect.stringContaining('key secret:providers.lost.gone is not in the secret store') },
    ]);
  });

  it('lists the agent tools by source and the installed skills', async () => {
    const remove = dosia.kernel.use('agent-tools').add({
      name: 'mcp:github',
      list: () => [{ name: 'create_issue', description: 'Open an issue', inputSchema: { type: 'object' } }, { name: 'search_code', inputSchema: { type: 'object' } }],
      call: async () => ({ content: '' }),
    });
    const fromGithub = async () => (await bridge.call('mcp.tools', {})).filter((tool) => tool.source === 'mcp:github');
    expect(await fromGithub()).toEqual([
      { source: 'mcp:github', name: 'create_issue', description: 'Open an issue' },
      { source: 'mcp:github', name: 'search_code', description: null },
    ]);
    // The built-in file tools are listed with them, first.
    expect((await bridge.call('mcp.tools', {})).filter((tool) => tool.source === 'builtin').map((tool) => tool.name)).toEqual(expect.arrayContaining(['read_file', 'write_file']));
    remove();
    expect(await fromGithub()).toEqual([]);
    expect(await bridge.call('skills.list', {})).toEqual([]);
  });

  it('lists MCP servers with their state and origin; restart of an unknown one is refused with its code', async () => {
    const servers = await bridge.call('mcp.servers', {});
    expect(servers.every((server) => typeof server.name === 'string' && Array.isArray(server.tools))).toBe(true);
    folders.write('home/settings.json', { providers: { gw: { type: 'bytespike', url: gateway.url, key: gateway.apiKey } }, mcpServers: { broken: { command: '/nonexistent/dosia-test-server' } } });
    await expect.poll(async () => (await bridge.call('mcp.servers', {})).find((server) => server.name === 'broken')?.origin, { timeout: 10_000 }).toMatchObject({ source: 'settings', layer: 'personal' });
    expect((await bridge.invoke('mcp.restart', { name: 'nope' })).ok).toBe(false);
  });
});
