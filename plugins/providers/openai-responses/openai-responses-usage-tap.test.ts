import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOpenAIResponsesUsageTap } from './openai-responses-usage-tap';
import { estimatedTokensOf } from '../shared/provider-test-support';

let sequence = 0;
const event = (type: string, fields: Record<string, unknown> = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
const USAGE = { input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 30 }, total_tokens: 160 };
const response = (status: string, extra: Record<string, unknown> = {}) => ({ id: 'resp_1', object: 'response', status, output: [], usage: null, ...extra });
const textDelta = (delta: string) => event('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta, logprobs: [] });

function tap(stream: boolean, ...chunks: string[]) {
  const usageTap = createOpenAIResponsesUsageTap(stream);
  for (const chunk of chunks) usageTap.write(new TextEncoder().encode(chunk));
  return usageTap.end();
}

afterEach(() => vi.restoreAllMocks());

describe('the Responses stream tap', () => {
  it('bills from response.completed, parsing only it until the delivered tokens are read', () => {
    const texts = ['Hello', ' there', ', 世界'];
    const parse = vi.spyOn(JSON, 'parse');
    const body = [event('response.created', { response: response('in_progress') }), ...texts.map(textDelta), event('response.completed', { response: response('completed', { usage: USAGE, model: 'gpt-5.4-2026-03-05', output: [{ type: 'message' }] }) })].join('');
    const result = tap(true, body);
    expect(parse).toHaveBeenCalledTimes(1);
    // Input includes the cached tokens, output the reasoning ones: kept as they are.
    expect(result).toMatchObject({ usage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 40, reasoningTokens: 30 }, upstreamModel: 'gpt-5.4-2026-03-05', finishReason: 'stop', error: null });
    expect(result.deliveredTokens).toBe(estimatedTokensOf(texts));
  });

  it('notes when the first content delta went by', () => {
    const now = vi.spyOn(performance, 'now');
    const usageTap = createOpenAIResponsesUsageTap(true);
    now.mockReturnValue(10);
    usageTap.write(new TextEncoder().encode(event('response.created', { response: response('in_progress') })));
    now.mockReturnValue(42);
    usageTap.write(new TextEncoder().encode(textDelta('Hi') + textDelta('!')));
    now.mockReturnValue(99);
    usageTap.write(new TextEncoder().encode(event('response.completed', { response: response('completed', { usage: USAGE }) })));
    expect(usageTap.end().firstContentAt).toBe(42);
  });

  it('reads events split anywhere across chunks', () => {
    const body = textDelta('Hi') + event('response.completed', { response: response('completed', { usage: USAGE }) });
    const chunks = Array.from({ length: Math.ceil(body.length / 7) }, (_, index) => body.slice(index * 7, index * 7 + 7));
    expect(tap(true, ...chunks)).toMatchObject({ usage: { inputTokens: 120 }, finishReason: 'stop' });
  });

  it('maps calls to tool-calls, max_output_tokens to length, and counts tool input as delivered', () => {
    const calls = response('completed', { usage: USAGE, output: [{ type: 'reasoning' }, { type: 'custom_tool_call' }] });
    expect(tap(true, event('response.completed', { response: calls })).finishReason).toBe('tool-calls');
    const cut = response('incomplete', { usage: USAGE, incomplete_details: { reason: 'max_output_tokens' } });
    const result = tap(true, event('response.function_call_arguments.delta', { delta: '{"city":' }), event('response.incomplete', { response: cut }));
    expect(result).toMatchObject({ finishReason: 'length', error: null });
    expect(result.deliveredTokens).toBe(estimatedTokensOf(['{"city":']));
  });

  it('reports a failed response, an error event and a stream cut before its end as errors', () => {
    const failed = response('failed', { error: { code: 'server_error', message: 'boom' } });
    expect(tap(true, event('response.failed', { response: failed }))).toMatchObject({ finishReason: null, error: { kind: 'upstream', message: 'boom' } });
    expect(tap(true, textDelta('a'), event('error', { code: 'rate_limit_exceeded', message: 'slow down', param: null }))).toMatchObject({ error: { kind: 'rate-limit', message: 'slow down' } });
    expect(tap(true, event('error', { error: { type: 'server_error', code: 'server_error', message: 'nested', param: null } }))).toMatchObject({ error: { kind: 'upstream', message: 'nested' } });
    const cut = tap(true, event('response.created', { response: response('in_progress') }), textDelta('half an'));
    expect(cut).toMatchObject({ usage: null, finishReason: null, error: { kind: 'connection' } });
    expect(cut.deliveredTokens).toBe(estimatedTokensOf(['half an']));
  });

  it('reads a JSON error body sent instead of a stream, and a final event that is not JSON as malformed', () => {
    expect(tap(true, JSON.stringify({ error: { message: 'Unknown parameter', type: 'invalid_request_error', code: 'unknown_parameter', param: 'x' } }))).toMatchObject({ usage: null, error: { message: 'Unknown parameter' } });
    expect(tap(true, 'event: response.completed\ndata: {"type":"response.completed",\n\n')).toMatchObject({ usage: null, error: { kind: 'malformed-response' } });
  });
});

describe('the Responses JSON body tap', () => {
  it('bills a response object, and reads an error body', () => {
    expect(tap(false, JSON.stringify(response('completed', { usage: USAGE, model: 'gpt-5.4-2026-03-05', output: [{ type: 'function_call' }] })))).toMatchObject({ usage: { inputTokens: 120, outputTokens: 40 }, upstreamModel: 'gpt-5.4-2026-03-05', finishReason: 'tool-calls', error: null });
    expect(tap(false, JSON.stringify({ error: { message: 'Item not found', type: 'invalid_request_error', code: null, param: 'input' } }))).toMatchObject({ usage: null, error: { message: 'Item not found' } });
    expect(tap(false, 'not json')).toMatchObject({ error: { kind: 'malformed-response' } });
  });

  it('counts the output of a response that reports no usage (a compatible server\'s), and nothing of one that does', () => {
    const output = [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think first.' }] },
      { type: 'message', content: [{ type: 'output_text', text: 'Here, 世界.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ];
    expect(tap(false, JSON.stringify(response('completed', { output })))).toEqual({ usage: null, finishReason: 'tool-calls', error: null, deliveredTokens: estimatedTokensOf(['Here, 世界.', 'Think first.', '{"city":"Oslo"}']) });
    expect(tap(false, JSON.stringify(response('completed', { output, usage: USAGE })))).not.toHaveProperty('deliveredTokens');
  });
});

describe('the Responses stream tap, on an event that is not JSON', () => {
  it('reports it malformed, with its data, whether a delta or another event the tap does not parse', () => {
    for (const good of [textDelta('Hi'), event('response.output_item.added', { output_index: 0, item: { type: 'message' } })]) {
      const usageTap = createOpenAIResponsesUsageTap(true);
      usageTap.write(new TextEncoder().encode(event('response.created', { response: response('in_progress') })));
      expect(usageTap.malformed).toBeNull();
      const data = good.split('data: ')[1]!.trim();
      usageTap.write(new TextEncoder().encode(good.replace(data, data.slice(0, 30))));
      expect(usageTap.malformed).toEqual({ data: data.slice(0, 30), error: { kind: 'malformed-response', message: expect.stringContaining('not JSON') } });
      expect(usageTap.end()).toMatchObject({ usage: null, error: { kind: 'malformed-response' } });
    }
  });
});
