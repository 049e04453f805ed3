import { describe, expect, it } from 'vitest';
import { withTextPartsAsString } from './fit-passthrough-text-content';

const ROLES = ['system', 'assistant', 'tool'] as const;
const parts = (...texts: string[]) => texts.map((text) => ({ type: 'text', text }));

describe('withTextPartsAsString', () => {
  it('joins the text parts of the roles given, as the translated path does, and changes nothing else', () => {
    const user = { role: 'user', content: parts('hi', 'there') };
    const body = {
      model: 'deepseek-chat', temperature: 0.2,
      messages: [{ role: 'system', content: parts('Be terse.', 'Metric units.') }, user, { role: 'assistant', content: parts('Check', 'ing.'), tool_calls: [] }, { role: 'tool', tool_call_id: 'call_1', content: parts('18 °C', 'sunny') }],
    };
    const fitted = withTextPartsAsString(body, ROLES);
    expect(fitted).toEqual({
      model: 'deepseek-chat', temperature: 0.2,
      messages: [{ role: 'system', content: 'Be terse.\n\nMetric units.' }, user, { role: 'assistant', content: 'Checking.', tool_calls: [] }, { role: 'tool', tool_call_id: 'call_1', content: '18 °C\nsunny' }],
    });
    expect((fitted.messages as unknown[])[1]).toBe(user);
    expect(body.messages[0]!.content).toEqual(parts('Be terse.', 'Metric units.'));
  });

  it('hands back the body itself when no message needs it: strings, user parts, parts that are not all text, no messages', () => {
    const body = { messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: parts('hi') }, { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }] };
    expect(withTextPartsAsString(body, ROLES)).toBe(body);
    const odd = { messages: 'not a list' };
    expect(withTextPartsAsString(odd, ROLES)).toBe(odd);
  });
});
