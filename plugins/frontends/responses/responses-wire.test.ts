import { describe, expect, it } from 'vitest';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import { responsesWire } from './responses-wire';

const completed = { type: 'response.completed', sequence_number: 9, response: { id: 'resp_1', object: 'response', status: 'completed', usage: { input_tokens: 3, output_tokens: 5 } } };
const withName = (data: object, name = (data as { type: string }).type) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

function events(text: string): Record<string, unknown>[] {
  return text.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.split('\n')[1]!.slice('data: '.length)) as Record<string, unknown>);
}

describe('the Responses wire on passthrough', () => {
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

  it('ends a stream the upstream left unfinished with an error numbered after its last event, then the response it announced, failed', () => {
    const follower = responsesWire.followPassthrough!();
    // A tool parameter and a delta that spell the key do not count: only the event's own key is plain JSON.
    const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_up', object: 'response', model: 'gpt-4o-2024-08-06', status: 'in_progress', output: [], tools: [{ type: 'function', name: 'f', parameters: { properties: { sequence_number: { type: 'integer' } } } }] } };
    const upstream = [created, { type: 'response.in_progress', sequence_number: 1, response: created.response }, { type: 'response.output_text.delta', sequence_number: 2, delta: '"sequence_number": 99' }];
    for (const event of upstream) follower.see(withName(event));
    const ending = events(follower.fail(responsesWire.toError(createUpstreamError('openai', { kind: 'connection', message: 'the upstream stream ended before it finished' }), 'req_1')));
    expect(ending).toMatchObject([
      { type: 'error', sequence_number: 3, code: expect.any(String), message: expect.stringContaining('ended before it finished') },
      { type: 'response.failed', sequence_number: 4, response: { ...created.response, status: 'failed', error: { code: ending[0]!.code, message: ending[0]!.message } } },
    ]);
  });

  it('says only the error when the upstream announced no response, numbered from 0', () => {
    const ending = events(responsesWire.followPassthrough!().fail(responsesWire.toError(new Error('boom'), 'req_1')));
    // Top-level fields as OpenAI's reference has them, and the `error` object OpenAI sends, which the openai SDK throws as an APIError.
    const error = { message: 'Internal server error', type: 'server_error', code: null, param: null };
    expect(ending).toEqual([{ type: 'error', sequence_number: 0, code: 'server_error', message: 'Internal server error', param: null, error }]);
  });
});
