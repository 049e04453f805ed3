import { describe, expect, it } from 'vitest';
import { BskError } from '../../../kernel/errors';
import { parseResponsesRequest } from './parse-responses-request';
import { toReasoningItem } from './reasoning-item';

const refusal = (body: unknown) => {
  try {
    parseResponsesRequest(body);
  } catch (error) {
    if (error instanceof BskError) return { code: error.code, param: error.details.param, message: error.message };
    throw error;
  }
  throw new Error('parsed');
};

describe('parseResponsesRequest', () => {
  it('reads a string input as one user message, instructions as the system prompt, and the sampling fields', () => {
    const request = parseResponsesRequest({ model: 'gpt-5.4', instructions: 'Be brief.', input: 'Hi', max_output_tokens: 50, temperature: 0.2, top_p: 0.9, stream: true, safety_identifier: 'user-7' });
    expect(request).toEqual({
      model: 'gpt-5.4', system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], tools: [],
      maxTokens: 50, temperature: 0.2, topP: 0.9, stop: [], metadata: { userId: 'user-7' }, stream: true,
    });
  });

  it('makes one assistant turn of reasoning, text and calls that follow one another, and one tool turn of their outputs, each named after its call', () => {
    const reasoning = toReasoningItem({ type: 'reasoning', text: 'Two cities.', signature: 'sig-1' }, 'rs_1');
    const request = parseResponsesRequest({
      model: 'm',
      input: [
        { role: 'developer', content: 'Use tools.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }] },
        reasoning,
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'c2', name: 'weather', arguments: '{"city":' },
        { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'rain' }] },
      ],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Use tools.' }]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' }, detail: 'low' }] },
      { role: 'assistant', content: [
        { type: 'reasoning', text: 'Two cities.', signature: 'sig-1' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'c1', name: 'weather', input: { city: 'Oslo' } },
        // Arguments cut short (an answer stopped by its token limit) read as {} rather than stranding the conversation.
        { type: 'tool-call', id: 'c2', name: 'weather', input: {} },
      ] },
      { role: 'tool', content: [
        { type: 'tool-result', toolCallId: 'c1', toolName: 'weather', content: [{ type: 'text', text: 'sunny' }] },
        { type: 'tool-result', toolCallId: 'c2', toolName: 'weather', content: [{ type: 'text', text: 'rain' }] },
      ] },
    ]);
  });

  it('reads flat function tools, tool_choice, a JSON schema format and reasoning effort', () => {
    const request = parseResponsesRequest({
      model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: { type: 'object' }, strict: true }], tool_choice: { type: 'function', name: 'f' }, parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } }, reasoning: { effort: 'high', summary: 'auto' },
    });
    expect(request).toMatchObject({
      tools: [{ name: 'f', inputSchema: { type: 'object' }, strict: true }], toolChoice: { type: 'tool', name: 'f' }, parallelToolCalls: false,
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true }, reasoning: { enabled: true, effort: 'high' },
    });
    expect(parseResponsesRequest({ model: 'm', input: 'x', tool_choice: 'required', reasoning: { effort: 'none' } })).toMatchObject({ toolChoice: { type: 'required' } });
    expect(parseResponsesRequest({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).reasoning).toBeUndefined();
  });

  it('takes xhigh, an effort GPT-5.4 and later take (openai-node ReasoningEffort), as it is: the provider fits it to its model', () => {
    expect(parseResponsesRequest({ model: 'm', input: 'x', reasoning: { effort: 'xhigh' } }).reasoning).toEqual({ enabled: true, effort: 'xhigh' });
  });

  it('reads a custom tool as a function of one string, its grammar in the description, and its calls and outputs back', () => {
    const request = parseResponsesRequest({
      model: 'm', tools: [{ type: 'custom', name: 'apply_patch', description: 'Patch files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } }],
      input: [{ role: 'user', content: 'Fix it' }, { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' }, { type: 'custom_tool_call_output', call_id: 'c1', output: 'done' }],
    });
    expect(request.tools).toEqual([{ name: 'apply_patch', description: 'Patch files.', inputSchema: { type: 'object', properties: { input: { type: 'string', description: 'The tool\'s whole input, as raw text. It must match this lark grammar:\nstart: "x"' } }, required: ['input'], additionalProperties: false } }]);
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', input: { input: '*** Begin Patch' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'apply_patch', content: [{ type: 'text', text: 'done' }] }] },
    ]);
  });

  it('ignores reasoning items with nothing to send back, and encrypted content it did not write', () => {
    const request = parseResponsesRequest({ model: 'm', input: [{ role: 'user', content: 'Hi' }, { type: 'reasoning', summary: [], encrypted_content: 'gAAAAB-openai-own' }] });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('refuses what needs stored state or OpenAI\'s hosted tools, naming the field and what to do', () => {
    expect(refusal({ model: 'm', input: 'x', conversation: 'conv_1' })).toMatchObject({ code: 'BSK_RESPONSES_UNSUPPORTED', param: 'conversation', message: expect.stringContaining('previous_response_id') });
    expect(refusal({ model: 'm', input: 'x', background: true })).toMatchObject({ code: 'BSK_RESPONSES_UNSUPPORTED', param: 'background' });
    expect(refusal({ model: 'm', input: 'x', tools: [{ type: 'file_search' }] })).toMatchObject({ code: 'BSK_RESPONSES_UNSUPPORTED', param: 'tools.0.type' });
    expect(refusal({ model: 'm', input: [{ type: 'web_search_call', id: 'ws_1' }] })).toMatchObject({ code: 'BSK_RESPONSES_UNSUPPORTED', param: 'input.0.type' });
    expect(refusal({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] })).toMatchObject({ param: 'input.0.type', message: expect.stringContaining('send the item itself') });
    expect(refusal({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] })).toMatchObject({ code: 'BSK_RESPONSES_UNSUPPORTED', param: 'input.0.content.0.file_id' });
  });

  it('answers a malformed body with the exact field', () => {
    expect(refusal({ model: 'm' })).toMatchObject({ code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'input' });
    expect(refusal({ model: 'm', input: [] })).toMatchObject({ param: 'input', message: 'input: must contain at least one item' });
    expect(refusal({ model: 'm', input: [{ role: 'robot', content: 'x' }] })).toMatchObject({ param: 'input.0.role' });
    expect(refusal({ model: 'm', input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }] })).toMatchObject({ param: 'input.0.content.0' });
    expect(refusal({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'a' } } })).toMatchObject({ param: 'text.format.schema' });
    expect(refusal({ model: 'm', input: 'x', max_output_tokens: 0 })).toMatchObject({ param: 'max_output_tokens' });
    expect(refusal({ model: 'm', input: 'x', store: 'no' })).toMatchObject({ code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'store' });
    expect(refusal({ model: 'm', input: 'x', previous_response_id: 7 })).toMatchObject({ code: 'BSK_RESPONSES_INVALID_REQUEST', param: 'previous_response_id' });
  });
});
