import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from './estimate-input-tokens';
import { parseMessagesRequest } from './parse-messages-request';

const request = (extra: Record<string, unknown>) => parseMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('estimateInputTokens', () => {
  it('adds message framing to the text', () => {
    expect(estimateInputTokens(request({}))).toBe(4 + 1);
  });

  it('grows with system text, images, documents and tools', () => {
    const plain = estimateInputTokens(request({}));
    expect(estimateInputTokens(request({ system: 'x'.repeat(350) }))).toBe(plain + 100);
    const image = request({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://e.com/a.png' } }] }] });
    expect(estimateInputTokens(image)).toBe(4 + 1600);
    const pdf = request({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'A'.repeat(40_000) } }] }] });
    expect(estimateInputTokens(pdf)).toBe(4 + 1000);
    const tools = request({ tools: [{ name: 'lookup', input_schema: { type: 'object' } }] });
    expect(estimateInputTokens(tools)).toBeGreaterThan(plain + 300);
  });

  it('counts tool calls and their results', () => {
    const roundTrip = request({ messages: [
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'run', input: { command: 'ls -la /tmp' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a'.repeat(4000) }] },
    ] });
    expect(estimateInputTokens(roundTrip)).toBeGreaterThan(1000);
  });
});
