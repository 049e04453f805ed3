import { describe, expect, it } from 'vitest';
import { fitToolCallId, withFittedToolCallIds } from './fit-tool-call-ids';

const long = `call_abc_0__ts__${'x'.repeat(300)}`;

describe('fitToolCallId', () => {
  it('keeps an id of up to 40 characters and makes a longer one a stable 40-character id', () => {
    expect(fitToolCallId('call_abc')).toBe('call_abc');
    expect(fitToolCallId('c'.repeat(40))).toBe('c'.repeat(40));
    const fitted = fitToolCallId(long);
    expect(fitted).toMatch(/^call_[\w-]{35}$/);
    expect(fitToolCallId(long)).toBe(fitted);
    expect(fitToolCallId(`${long}y`)).not.toBe(fitted);
  });
});

describe('withFittedToolCallIds', () => {
  it('fits a passthrough body\'s call ids and result ids alike, and leaves a body that needs nothing as it is', () => {
    const body = { model: 'gpt-5', messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: long, type: 'function', function: { name: 'w', arguments: '{}' } }, { id: 'call_short', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: long, content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_short', content: 'rain' },
    ] };
    const fitted = withFittedToolCallIds(body) as typeof body;
    const calls = fitted.messages[1]!.tool_calls!;
    expect(calls.map((call) => call.id)).toEqual([fitToolCallId(long), 'call_short']);
    expect(fitted.messages[2]!.tool_call_id).toBe(calls[0]!.id);
    expect(fitted.messages[3]).toBe(body.messages[3]);
    const untouched = { model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] };
    expect(withFittedToolCallIds(untouched)).toBe(untouched);
  });
});
