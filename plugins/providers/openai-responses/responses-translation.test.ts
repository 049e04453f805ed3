import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { canonicalRequest } from '../shared/provider-test-support';
import { convertToResponsesRequest } from './convert-to-responses-request';
import { reasoningItemOf, reasoningSignature } from './reasoning-signature';
import { convertResponsesResponse } from './responses-output';
import { ResponsesStreamParser } from './responses-stream-parser';

const model = { id: 'openai/gpt-5.4', upstreamId: 'gpt-5.4', provider: 'openai', capabilities: ['reasoning'] } as unknown as ModelInfo;
const signed = reasoningSignature({ id: 'rs_1', encryptedContent: 'gAAAAB-token==' });

describe('convertToResponsesRequest', () => {
  it('writes the conversation as Responses input items, in order, OpenAI\'s reasoning back as id and encrypted content', () => {
    const request: CanonicalRequest = canonicalRequest({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use tools.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } }] },
        { role: 'assistant', content: [
          { type: 'reasoning', text: 'Claude thought', signature: 'claude-signature' },
          { type: 'reasoning', text: 'I should call', signature: signed },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } },
        ] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] }] },
      ],
      tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', name: 'get_weather' },
      maxTokens: 500, temperature: 0.3, stop: ['END'], reasoning: { enabled: true, budgetTokens: 1024 }, stream: true,
    });
    expect(convertToResponsesRequest(request, model)).toEqual({
      model: 'gpt-5.4', instructions: 'Be brief.\n\nUse tools.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBO', detail: 'auto' }] },
        // Claude's reasoning cannot go to OpenAI: only OpenAI's own goes back.
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'I should call' }], encrypted_content: 'gAAAAB-token==' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 500,
      reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'],
      store: false, stream: true,
    });
  });

  it('asks for no reasoning summary or encrypted content when the client did not ask for reasoning, and maps formats', () => {
    const body = convertToResponsesRequest(canonicalRequest({ responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: {}, additionalProperties: false }, strict: true }, metadata: { userId: 'user-7' } }), model);
    expect(body.user).toBe('user-7');
    expect(body).not.toHaveProperty('reasoning');
    expect(body).not.toHaveProperty('include');
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: {}, additionalProperties: false }, strict: true } });
  });
});

describe('reasoning signatures', () => {
  it('carry an OpenAI item, and nothing else reads as one', () => {
    expect(reasoningItemOf({ type: 'reasoning', text: '', signature: signed })).toEqual({ id: 'rs_1', encryptedContent: 'gAAAAB-token==' });
    expect(reasoningItemOf({ type: 'reasoning', text: '', signature: 'EqQBCkYIBxgCKkDk' })).toBeUndefined();
    expect(reasoningItemOf({ type: 'reasoning', text: '', signature: 'openai-rs.rs_1' })).toBeUndefined();
    expect(reasoningItemOf({ type: 'reasoning', text: 'no signature' })).toBeUndefined();
  });
});

const reasoningItem = { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'First.' }, { type: 'summary_text', text: 'Second.' }], encrypted_content: 'gAAAAB-token==' };
const usage = { input_tokens: 50, input_tokens_details: { cached_tokens: 10 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 20 } };

describe('convertResponsesResponse', () => {
  it('reads reasoning (summary and signature), text and calls, keeping reasoning only when it was asked for', () => {
    const body = { id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-5.4-2026-03-05', usage, output: [reasoningItem, { type: 'message', content: [{ type: 'output_text', text: 'Calling.' }] }, { type: 'function_call', call_id: 'call_9', name: 'f', arguments: '{"a":1}' }] };
    expect(convertResponsesResponse(body, model, true)).toEqual({
      id: 'resp_1', model: 'openai/gpt-5.4', finishReason: 'tool-calls',
      content: [{ type: 'reasoning', text: 'First.\n\nSecond.', signature: signed }, { type: 'text', text: 'Calling.' }, { type: 'tool-call', id: 'call_9', name: 'f', input: { a: 1 } }],
      usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 30, reasoningTokens: 20, cacheWriteTokens: 0, cacheWrite1hTokens: 0 },
      upstreamModel: 'gpt-5.4-2026-03-05',
    });
    expect(convertResponsesResponse(body, model, false).content.map((part) => part.type)).toEqual(['text', 'tool-call']);
    expect(convertResponsesResponse({ ...body, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] }, model, true).finishReason).toBe('length');
  });
});

function parse(events: Record<string, unknown>[], withReasoning = true) {
  const parser = new ResponsesStreamParser('openai/gpt-5.4', withReasoning);
  return [...events.flatMap((event) => parser.push({ event: String(event.type), data: JSON.stringify(event) })), ...parser.end()];
}

describe('ResponsesStreamParser', () => {
  const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } };
  const completed = { type: 'response.completed', response: { id: 'resp_1', status: 'completed', model: 'gpt-5.4-2026-03-05', usage, output: [{ type: 'function_call' }] } };
  const stream = [
    created,
    { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } },
    { type: 'response.reasoning_summary_part.added', output_index: 0, summary_index: 0 },
    { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 0, delta: 'First.' },
    { type: 'response.reasoning_summary_part.added', output_index: 0, summary_index: 1 },
    { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 1, delta: 'Second.' },
    { type: 'response.output_item.done', output_index: 0, item: reasoningItem },
    { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', call_id: 'call_9', name: 'f', arguments: '' } },
    { type: 'response.output_item.done', output_index: 1, item: { type: 'function_call', call_id: 'call_9', name: 'f', arguments: '{"a":1}' } },
    completed,
  ];

  it('turns items into blocks: reasoning with its signature at the end, a call\'s arguments whole when none streamed', () => {
    expect(parse(stream)).toEqual([
      { type: 'message-start', id: 'resp_1', model: 'openai/gpt-5.4' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'First.' },
      { type: 'reasoning-delta', index: 0, text: '\n\n' },
      { type: 'reasoning-delta', index: 0, text: 'Second.' },
      { type: 'reasoning-signature', index: 0, signature: signed },
      { type: 'reasoning-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_9', name: 'f' },
      { type: 'tool-input-delta', index: 1, json: '{"a":1}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'finish', reason: 'tool-calls', usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 30, reasoningTokens: 20, cacheWriteTokens: 0, cacheWrite1hTokens: 0 }, upstreamModel: 'gpt-5.4-2026-03-05' },
    ]);
  });

  it('leaves reasoning out when it was not asked for, numbering the other blocks from 0', () => {
    expect(parse(stream, false).map((part) => ('index' in part ? `${part.type}@${part.index}` : part.type))).toEqual(['message-start', 'tool-call-start@0', 'tool-input-delta@0', 'tool-call-end@0', 'finish']);
  });

  it('ends with an error on a failed response, an error event, a stream that stops early, or an event that is not JSON', () => {
    expect(parse([created, { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'boom' } } }]).at(-1)).toEqual({ type: 'error', error: { kind: 'upstream', message: 'boom' } });
    expect(parse([created, { type: 'error', error: { code: 'rate_limit_exceeded', message: 'slow down' } }]).at(-1)).toEqual({ type: 'error', error: { kind: 'rate-limit', message: 'slow down' } });
    expect(parse([created]).at(-1)).toMatchObject({ type: 'error', error: { kind: 'connection' } });
    const parser = new ResponsesStreamParser('openai/gpt-5.4', true);
    expect(parser.push({ event: 'response.created', data: '{"type":' })).toEqual([{ type: 'error', error: { kind: 'malformed-response', message: 'a stream event is not JSON: {"type":' } }]);
  });
});
