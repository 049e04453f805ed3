import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../kernel/canonical/stream';
import { EMPTY_ASSEMBLY, applyStreamPart, startStep, textOf, updateToolCall } from './assemble-message';

const fold = (parts: StreamPart[], state = EMPTY_ASSEMBLY) => parts.reduce(applyStreamPart, state);

describe('applyStreamPart', () => {
  it('builds text, reasoning and tool-call blocks in stream order, with arguments parsed once complete', () => {
    const state = fold([
      { type: 'message-start', id: 'm', model: 'x' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'think' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Hel' },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'read_file' },
      { type: 'tool-input-delta', index: 2, json: '{"path":' },
      { type: 'text-delta', index: 1, text: 'lo' },
      { type: 'tool-input-delta', index: 2, json: '"a.ts"}' },
      { type: 'tool-call-end', index: 2 },
    ]);
    expect(state.blocks).toEqual([
      { type: 'reasoning', text: 'think' },
      { type: 'text', text: 'Hello' },
      { type: 'tool-call', id: 'call_1', name: 'read_file', input: { path: 'a.ts' }, status: 'running' },
    ]);
    expect(textOf(state.blocks)).toBe('Hello');
  });

  it('keeps blocks of an earlier step when the next step restarts its indexes', () => {
    const first = fold([{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'one' }]);
    const second = fold([{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'two' }], startStep(first));
    expect(second.blocks).toEqual([{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }]);
  });

  it('records a stream error and updates a tool call by id', () => {
    const state = fold([{ type: 'tool-call-start', index: 0, id: 'c', name: 'write_file' }, { type: 'error', error: { kind: 'overloaded', message: 'busy' } }]);
    expect(state.error).toBe('busy');
    expect(updateToolCall(state, 'c', { status: 'done', result: 'ok', isError: false }).blocks[0]).toMatchObject({ status: 'done', result: 'ok' });
  });
});
