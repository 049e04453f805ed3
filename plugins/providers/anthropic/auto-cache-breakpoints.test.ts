import { describe, expect, it } from 'vitest';
import type { CanonicalMessage } from '../../../kernel/canonical/request';
import { canonicalRequest } from '../shared/provider-test-support';
import { withAutoCacheBreakpoints } from './auto-cache-breakpoints';

const EPHEMERAL = { type: 'ephemeral' };
const user = (text: string): CanonicalMessage => ({ role: 'user', content: [{ type: 'text', text }] });

describe('withAutoCacheBreakpoints', () => {
  it('marks the end of the system prompt and the last part of the last message', () => {
    const request = canonicalRequest({
      system: [{ type: 'text', text: 'You are a coding agent.' }, { type: 'text', text: 'Repository rules.' }],
      messages: [user('first'), { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'read', input: {} }] }, { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'a' }] }, { type: 'tool-result', toolCallId: 't2', content: [{ type: 'text', text: 'b' }] }] }],
    });
    const marked = withAutoCacheBreakpoints(request);
    expect(marked.system.map((part) => part.cacheControl)).toEqual([undefined, EPHEMERAL]);
    expect(marked.messages.slice(0, 2)).toEqual(request.messages.slice(0, 2));
    expect(marked.messages[2]!.content.map((part) => ('cacheControl' in part ? part.cacheControl : undefined))).toEqual([undefined, EPHEMERAL]);
  });

  it('marks a user turn\'s last part whatever it is, and no system prompt when there is none', () => {
    const marked = withAutoCacheBreakpoints(canonicalRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' } }] }] }));
    expect(marked.system).toEqual([]);
    expect(marked.messages[0]!.content[1]).toMatchObject({ type: 'image', cacheControl: EPHEMERAL });
  });

  it('leaves a request with a breakpoint of its own, and a last part that takes none, as they are', () => {
    const own = canonicalRequest({ system: [{ type: 'text', text: 's', cacheControl: { type: 'ephemeral', ttl: '1h' } }], messages: [user('q')] });
    expect(withAutoCacheBreakpoints(own)).toBe(own);
    const onTool = canonicalRequest({ tools: [{ name: 't', inputSchema: {}, cacheControl: { type: 'ephemeral' } }], messages: [user('q')] });
    expect(withAutoCacheBreakpoints(onTool)).toBe(onTool);
    const prefill = withAutoCacheBreakpoints(canonicalRequest({ messages: [user('q'), { role: 'assistant', content: [{ type: 'reasoning', text: 'hm', signature: 'sig' }] }] }));
    expect(prefill.messages[1]!.content[0]).not.toHaveProperty('cacheControl');
  });
});
