import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../kernel/canonical/stream';
import { makeUsage } from '../../../kernel/canonical/usage';
import { toOpenAIError } from '../shared/openai-error';
import { ResponsesStreamWriter } from './responses-stream-writer';

function events(text: string): { type: string; sequence_number: number; [field: string]: unknown }[] {
  return text.split('\n\n').filter(Boolean).map((block) => {
    const [eventLine, dataLine] = block.split('\n');
    const data = JSON.parse(dataLine!.slice('data: '.length)) as { type: string; sequence_number: number };
    expect(eventLine).toBe(`event: ${data.type}`);
    return data;
  });
}

const echo = { instructions: 'Be brief.', tool_choice: 'auto', temperature: 1 };
const writer = () => new ResponsesStreamWriter({ model: 'anthropic/claude-sonnet-4-6', requestId: 'req_1', createdAt: 1_700_000_000, echo });
const usage = makeUsage({ inputTokens: 12, outputTokens: 30, reasoningTokens: 10 });

describe('ResponsesStreamWriter', () => {
  it('writes each block as an item added, filled and done, numbered in order, then the completed response with the settled credits', () => {
    const stream = writer();
    const parts: StreamPart[] = [
      { type: 'message-start', id: 'm', model: 'x' },
      { type: 'reasoning-start', index: 0 }, { type: 'reasoning-delta', index: 0, text: 'Hmm.' }, { type: 'reasoning-signature', index: 0, signature: 'sig' }, { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 }, { type: 'text-delta', index: 1, text: 'Let me ' }, { type: 'text-delta', index: 1, text: 'check.' }, { type: 'text-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'weather' }, { type: 'tool-input-delta', index: 2, json: '{"city":' }, { type: 'tool-input-delta', index: 2, json: '"Oslo"}' }, { type: 'tool-call-end', index: 2 },
      { type: 'finish', reason: 'tool-calls', usage },
    ];
    const written = events(parts.map((part) => stream.write(part)).join('') + stream.end({ settledCredits: 42 }));
    expect(written.map((event) => event.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(written.map((event) => event.sequence_number)).toEqual(written.map((_, index) => index));
    const completed = written.at(-1)!.response as { status: string; output: Record<string, unknown>[]; usage: Record<string, unknown> };
    expect(completed.status).toBe('completed');
    for (const event of [written[0]!, written[1]!, written.at(-1)!]) expect(event.response).toMatchObject(echo);
    expect(completed.output).toMatchObject([
      { type: 'reasoning', id: 'rs_req_1_0', summary: [{ type: 'summary_text', text: 'Hmm.' }], encrypted_content: expect.stringMatching(/^bsk1\./) },
      { type: 'message', id: 'msg_req_1_1', status: 'completed', content: [{ type: 'output_text', text: 'Let me check.' }] },
      { type: 'function_call', id: 'fc_req_1_2', call_id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}', status: 'completed' },
    ]);
    expect(completed.usage).toEqual({ input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 10 }, total_tokens: 42, bytespike_credits: 42 });
  });

  it('writes a custom tool\'s call with its raw input, taken out of the JSON its stand-in function was called with', () => {
    const stream = new ResponsesStreamWriter({ model: 'm', requestId: 'req_2', createdAt: 1, echo, customTools: new Set(['apply_patch']) });
    const parts: StreamPart[] = [{ type: 'tool-call-start', index: 0, id: 'call_9', name: 'apply_patch' }, { type: 'tool-input-delta', index: 0, json: '{"input":"*** Begin' }, { type: 'tool-input-delta', index: 0, json: ' Patch"}' }, { type: 'tool-call-end', index: 0 }];
    const written = events(parts.map((part) => stream.write(part)).join('') + stream.end({}));
    expect(written.slice(2).map((event) => event.type)).toEqual(['response.output_item.added', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done', 'response.completed']);
    expect(written.find((event) => event.type === 'response.output_item.done')).toMatchObject({ item: { type: 'custom_tool_call', id: 'ctc_req_2_0', call_id: 'call_9', name: 'apply_patch', input: '*** Begin Patch' } });
  });

  it('closes what is still open at the end, gives a call with no arguments `{}`, and calls a cut answer incomplete', () => {
    const stream = writer();
    const text = stream.write({ type: 'tool-call-start', index: 0, id: 'call_1', name: 'ping' }) + stream.write({ type: 'finish', reason: 'length', usage }) + stream.end({});
    const written = events(text);
    expect(written.find((event) => event.type === 'response.function_call_arguments.done')).toMatchObject({ arguments: '{}' });
    expect(written.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('calls the message a cut response was writing incomplete, item and response alike, once the finish after its end says so', () => {
    const stream = writer();
    const parts: StreamPart[] = [{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Once upon' }, { type: 'text-end', index: 0 }, { type: 'usage', usage }, { type: 'finish', reason: 'length', usage }];
    const written = events(parts.map((part) => stream.write(part)).join('') + stream.end({}));
    const incompleteMessage = { type: 'message', status: 'incomplete', content: [{ type: 'output_text', text: 'Once upon' }] };
    expect(written.find((event) => event.type === 'response.output_item.done')).toMatchObject({ item: incompleteMessage });
    expect(written.at(-1)).toMatchObject({ type: 'response.incomplete', response: { output: [incompleteMessage] } });
  });

  it('keeps a message complete when the cut fell in what came after it, or the answer finished', () => {
    const cutInCall = writer();
    const parts: StreamPart[] = [
      { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Checking.' }, { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_1', name: 'weather' }, { type: 'tool-input-delta', index: 1, json: '{"ci' }, { type: 'finish', reason: 'length', usage },
    ];
    const cut = events(parts.map((part) => cutInCall.write(part)).join('') + cutInCall.end({}));
    expect(cut.find((event) => event.type === 'response.output_item.done')).toMatchObject({ output_index: 0, item: { type: 'message', status: 'completed' } });

    const finished = writer();
    const done = events([{ type: 'text-delta', index: 0, text: 'Hi.' }, { type: 'text-end', index: 0 }, { type: 'finish', reason: 'stop', usage }].map((part) => finished.write(part as StreamPart)).join('') + finished.end({}));
    expect(done.find((event) => event.type === 'response.output_item.done')).toMatchObject({ item: { type: 'message', status: 'completed' } });
  });

  it('ends with error and response.failed on an error part, or on a failure of its own, and writes nothing after', () => {
    const onPart = writer();
    const text = onPart.write({ type: 'text-delta', index: 0, text: 'Hel' }) + onPart.write({ type: 'error', error: { kind: 'overloaded', message: 'upstream overloaded', status: 529 } });
    const written = events(text);
    expect(written.slice(-2)).toMatchObject([{ type: 'error', message: expect.stringContaining('overloaded') }, { type: 'response.failed', response: { status: 'failed', error: { message: expect.stringContaining('overloaded') } } }]);
    // The failed response keeps what was streamed so far.
    expect((written.at(-1)!.response as { output: unknown[] }).output).toHaveLength(1);
    expect(onPart.write({ type: 'text-delta', index: 0, text: 'lo' }) + onPart.end({ settledCredits: 1 })).toBe('');

    const onOwn = writer();
    const failed = events(onOwn.write({ type: 'text-delta', index: 0, text: 'x' }) + onOwn.write({ type: 'text-end', index: 0 }) + onOwn.fail(toOpenAIError(new Error('boom'))));
    // A text that had ended was not cut: its item is done before the failure.
    expect(failed.slice(-3)).toMatchObject([{ type: 'response.output_item.done', item: { status: 'completed' } }, { type: 'error' }, { type: 'response.failed', response: { error: { code: 'server_error', message: 'Internal server error' } } }]);
    expect(failed.map((event) => event.sequence_number)).toEqual(failed.map((_, index) => index));
    expect(onOwn.end({})).toBe('');
  });
});
