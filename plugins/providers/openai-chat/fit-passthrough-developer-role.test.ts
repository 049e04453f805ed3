import { describe, expect, it } from 'vitest';
import { withDeveloperMessagesAsSystem } from './fit-passthrough-developer-role';

describe('withDeveloperMessagesAsSystem', () => {
  it('sends developer messages as system ones, wherever they are, and changes nothing else', () => {
    const user = { role: 'user', content: 'hi' };
    const body = { model: 'deepseek-chat', temperature: 0.2, messages: [{ role: 'developer', content: 'Be terse', name: 'ops' }, user, { role: 'developer', content: [{ type: 'text', text: 'Metric units.' }] }] };
    expect(withDeveloperMessagesAsSystem(body)).toEqual({ model: 'deepseek-chat', temperature: 0.2, messages: [{ role: 'system', content: 'Be terse', name: 'ops' }, user, { role: 'system', content: [{ type: 'text', text: 'Metric units.' }] }] });
    expect((withDeveloperMessagesAsSystem(body).messages as unknown[])[1]).toBe(user);
    expect(body.messages[0]!.role).toBe('developer');
  });

  it('hands back the body itself when it has no developer message (or no messages)', () => {
    const body = { model: 'deepseek-chat', messages: [{ role: 'system', content: 'Be terse' }, { role: 'user', content: 'hi' }] };
    expect(withDeveloperMessagesAsSystem(body)).toBe(body);
    const odd = { model: 'deepseek-chat', messages: 'not a list' };
    expect(withDeveloperMessagesAsSystem(odd)).toBe(odd);
  });
});
