import { appendFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_USAGE } from '../../../kernel/canonical/usage';
import { createTestLayers, type TestLayers } from '../providers/test-layers';
import { conversationHistory } from './conversation-history';
import type { ConversationStore } from './conversation-store';
import { createConversationStore } from './create-conversation-store';

let fixture: TestLayers;
let store: ConversationStore;

beforeEach(() => {
  fixture = createTestLayers();
  store = createConversationStore({ layers: fixture.layers });
});
afterEach(() => fixture.remove());

const metrics = { provider: 'gw', model: 'm1', requestId: 'req_1', usage: { ...EMPTY_USAGE, inputTokens: 10, outputTokens: 5 }, credits: 42, creditsSource: 'settled' as const, latency: { firstTokenMs: 12, totalMs: 40 }, finishReason: 'stop' as const };

function writeToolChat(): string {
  const writer = store.create({ kind: 'chat', models: ['m1'] });
  writer.append({ type: 'user', text: 'read the notes' });
  writer.append({ type: 'assistant-start', model: 'm1', provider: 'gw', step: 1 });
  writer.append({ type: 'text', model: 'm1', text: 'Let me ' });
  writer.append({ type: 'text', model: 'm1', text: 'look.' });
  writer.append({ type: 'tool-call', model: 'm1', id: 'call_1', name: 'read_file', input: { path: 'notes.txt' } });
  writer.append({ type: 'assistant-end', model: 'm1', finishReason: 'tool-calls' });
  writer.append({ type: 'tool-result', model: 'm1', id: 'call_1', name: 'read_file', output: 'hello', isError: false, durationMs: 3 });
  writer.append({ type: 'assistant-start', model: 'm1', provider: 'gw', step: 2 });
  writer.append({ type: 'text', model: 'm1', text: 'It says hello.' });
  writer.append({ type: 'assistant-end', model: 'm1', finishReason: 'stop' });
  writer.append({ type: 'usage', metrics });
  writer.close();
  return writer.sessionId;
}

describe('conversation store', () => {
  it('writes one JSON event per line in the Session layer and rebuilds the messages', () => {
    const id = writeToolChat();
    const loaded = store.load(id);
    expect(loaded.path).toBe(`${fixture.home}/sessions/${id}/conversation.jsonl`);
    expect(readFileSync(loaded.path, 'utf8').trimEnd().split('\n')).toHaveLength(12);
    expect(loaded.header).toMatchObject({ type: 'conversation', id, kind: 'chat', models: ['m1'] });
    expect(conversationHistory(loaded.events)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'read the notes' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool-call', id: 'call_1', name: 'read_file', input: { path: 'notes.txt' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'read_file', content: [{ type: 'text', text: 'hello' }], isError: false }] },
      { role: 'assistant', content: [{ type: 'text', text: 'It says hello.' }] },
    ]);
    expect(store.list()).toEqual([expect.objectContaining({ sessionId: id, title: 'read the notes', credits: 42, events: 12 })]);
  });

  it('skips a torn last line with a warning, and a resumed writer starts on a fresh line', () => {
    const id = writeToolChat();
    const path = store.load(id).path;
    appendFileSync(path, '{"type":"text","model":"m1","te');
    const torn = store.load(id);
    expect(torn.events).toHaveLength(12);
    expect(torn.warnings).toEqual([`${path}:13: the last line is incomplete (the process stopped while writing it); skipped`]);
    const writer = store.resume(id);
    writer.append({ type: 'user', text: 'and now?' });
    writer.close();
    const resumed = store.load(id);
    expect(resumed.events.at(-1)).toMatchObject({ type: 'user', text: 'and now?' });
    expect(resumed.warnings).toHaveLength(1);
  });

  it('drops unanswered tool calls of an interrupted answer but keeps its text', () => {
    const writer = store.create({ kind: 'chat', models: ['m1'] });
    writer.append({ type: 'user', text: 'go' });
    writer.append({ type: 'assistant-start', model: 'm1', provider: 'gw', step: 1 });
    writer.append({ type: 'text', model: 'm1', text: 'Partial' });
    writer.append({ type: 'tool-call', model: 'm1', id: 'call_x', name: 'write_file', input: {} });
    writer.close();
    expect(conversationHistory(store.load(writer.sessionId).events)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Partial' }] },
    ]);
  });

  it('forks the first n events into a new session', () => {
    const id = writeToolChat();
    const forked = store.fork(id, { events: 7 });
    expect(forked.sessionId).not.toBe(id);
    expect(forked.header.forkedFrom).toEqual({ id, events: 7 });
    expect(forked.events.slice(1)).toEqual(store.load(id).events.slice(1, 7));
    expect(() => store.fork(id, { events: 99 })).toThrow(/cannot fork .* at event 99: it has 12 events/);
  });

  it('exports Markdown and JSON', () => {
    const id = writeToolChat();
    const markdown = store.exportMarkdown(id);
    expect(markdown).toContain('### User\n\nread the notes');
    expect(markdown).toContain('### Assistant · m1\n\nLet me look.');
    expect(markdown).toContain('**Tool call** `read_file` `{"path":"notes.txt"}`');
    expect(markdown).toContain('_m1 · 10 in / 5 out tokens · 42 credits · first token 12 ms · total 40 ms_');
    expect(store.exportJson(id)).toMatchObject({ id, kind: 'chat', forkedFrom: null, events: expect.any(Array), warnings: [] });
  });

  it('a compare set exports one section per model', () => {
    const writer = store.create({ kind: 'compare', models: ['a', 'b'] });
    writer.append({ type: 'user', text: 'hi' });
    for (const model of ['a', 'b']) writer.append({ type: 'assistant-start', model, provider: 'gw', step: 1 });
    writer.append({ type: 'text', model: 'b', text: 'from b' });
    writer.append({ type: 'text', model: 'a', text: 'from a' });
    writer.close();
    expect(store.exportMarkdown(writer.sessionId)).toMatch(/### User\n\nhi\n\n## a\n\n### Assistant · a\n\nfrom a\n\n## b\n\n### Assistant · b\n\nfrom b\n$/);
  });

  it('stores attachments once per content, by reference; history resolves them, a fork copies them, a bad ref is refused', () => {
    const writer = store.create({ kind: 'chat', models: ['m1'] });
    const bytes = Buffer.from('not really a png');
    const ref = writer.saveAttachment('shot.PNG', 'image/png', bytes);
    expect(writer.saveAttachment('copy.png', 'image/png', bytes).file).toBe(ref.file);
    expect(ref).toEqual({ name: 'shot.PNG', mediaType: 'image/png', bytes: bytes.length, file: expect.stringMatching(/^attachments\/[0-9a-f]{64}\.png$/) });
    writer.append({ type: 'user', text: 'look', attachments: [ref] });
    writer.close();
    const loaded = store.load(writer.sessionId);
    expect(readFileSync(loaded.path, 'utf8')).not.toContain(bytes.toString('base64'));
    expect(store.readAttachment(writer.sessionId, ref)).toEqual(bytes);
    const resolved = conversationHistory(loaded.events, undefined, (stored) => ({ type: 'image', source: { kind: 'base64', mediaType: stored.mediaType, data: store.readAttachment(writer.sessionId, stored).toString('base64') } }));
    expect(resolved[0]!.content).toEqual([{ type: 'text', text: 'look' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: bytes.toString('base64') } }]);
    expect(conversationHistory(loaded.events)[0]!.content[1]).toEqual({ type: 'text', text: `[attachment shot.PNG (image/png, ${bytes.length} bytes)]` });
    const fork = store.fork(writer.sessionId);
    expect(store.readAttachment(fork.sessionId, ref)).toEqual(bytes);
    expect(() => store.readAttachment(writer.sessionId, { ...ref, file: '../../settings.json' })).toThrow(/BSK_CONVERSATION_ATTACHMENT_MISSING|not a file DOSIA stored/);
    expect(store.exportMarkdown(writer.sessionId)).toContain(`Attached: [shot.PNG](${ref.file})`);
  });

  it('names a missing conversation', () => {
    expect(() => store.load('nope')).toThrow(/no conversation "nope"/);
    expect(() => store.load('../etc')).toThrow(/session id/);
  });
});
