import { describe, expect, it } from 'vitest';
import { responsesWire } from './responses-wire';

const completed = { type: 'response.completed', sequence_number: 9, response: { id: 'resp_1', object: 'response', status: 'completed', usage: { input_tokens: 3, output_tokens: 5 } } };
const withName = (data: object, name = (data as { type: string }).type) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

describe('responsesWire on passthrough', () => {
  it('finds the final event and adds the settled credits to its usage, keeping the event name', () => {
    const final = responsesWire.readFinalUsageEvent(withName(completed))!;
    expect(final).not.toBeNull();
    expect(responsesWire.annotateFinalUsage(final, 42)).toBe(withName({ ...completed, response: { ...completed.response, usage: { input_tokens: 3, output_tokens: 5, bytespike_credits: 42 } } }));
    expect(responsesWire.withoutUsage(final)).toBe(final.raw);
  });

  it('finds response.incomplete too, and an event sent without an event: line', () => {
    const incomplete = { ...completed, type: 'response.incomplete', response: { ...completed.response, status: 'incomplete' } };
    expect(responsesWire.readFinalUsageEvent(withName(incomplete))).not.toBeNull();
    expect(responsesWire.readFinalUsageEvent(`data: ${JSON.stringify(completed)}\n\n`)).not.toBeNull();
  });

  it('leaves every other event, and a final one that is not JSON, to go on as it came', () => {
    expect(responsesWire.readFinalUsageEvent(withName({ type: 'response.output_text.delta', delta: 'response.completed' }))).toBeNull();
    expect(responsesWire.readFinalUsageEvent(withName({ type: 'response.created', response: completed.response }))).toBeNull();
    expect(responsesWire.readFinalUsageEvent('event: response.completed\ndata: {"type":\n\n')).toBeNull();
  });
});
