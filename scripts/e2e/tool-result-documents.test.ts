import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * A document a tool returned (Claude Code's Read tool gives a PDF as a `document` block in its
 * tool_result; a Responses client an `input_file` in a function call's output) reaches each
 * provider as its API takes it: Claude and OpenAI's Responses API in the result itself, Chat
 * Completions (whose tool messages take text only) as a file in a user message after the tool
 * messages, Gemini as an inline part after the function responses. Models that read no documents
 * refuse it before anything is held or sent.
 */
const e2e = useGatewayWithClients();
const PDF = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
const PDF_URL = `data:application/pdf;base64,${PDF}`;
const READ = { name: 'Read', description: 'Read a file.', input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] } };

function messagesLoop(marker: string): Anthropic.MessageParam[] {
  return [
    { role: 'user', content: `${marker}: what does a.pdf say?` },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01Read', name: 'Read', input: { file_path: 'a.pdf' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Read', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } }] }] },
  ];
}

type Sent = Record<string, unknown>;
const lastSent = async (marker: string): Promise<Sent> => (await upstreamBodies(e2e.gateway, marker)).at(-1)!.body;
const items = (sent: Sent) => sent.input as Sent[];
const contents = (sent: Sent) => sent.contents as { role: string; parts: Sent[] }[];

describe('a document in a Messages tool result', () => {
  it.each(['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4', 'openai/gpt-4.1', 'openai/gpt-4o', 'gemini/gemini-2.5-pro', 'gemini/gemini-3.1-pro-preview'])('reaches %s', async (model) => {
    const marker = `tool-document-${model}`;
    const answer = await e2e.anthropic.messages.create({ model, max_tokens: 1000, tools: [READ], messages: messagesLoop(marker) });
    expect(answer.stop_reason).toBe('end_turn');
  });

  it('goes to GPT-5 as an input_file in the function call output', async () => {
    await e2e.anthropic.messages.create({ model: 'openai/gpt-5.4', max_tokens: 1000, tools: [READ], messages: messagesLoop('tool-document-responses') });
    expect(items(await lastSent('tool-document-responses')).find((item) => item.type === 'function_call_output')).toMatchObject({
      output: [{ type: 'input_file', filename: 'document', file_data: PDF_URL }],
    });
  });

  it('goes to GPT-4.1 on Chat Completions as a file in a user message after the tool message, which says so', async () => {
    await e2e.anthropic.messages.create({ model: 'openai/gpt-4.1', max_tokens: 1000, tools: [READ], messages: messagesLoop('tool-document-chat') });
    const messages = (await lastSent('tool-document-chat')).messages as Sent[];
    expect(messages.slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_01Read', content: expect.stringContaining('follow in the next user message') },
      { role: 'user', content: [{ type: 'file', file: { filename: 'document', file_data: PDF_URL } }] },
    ]);
  });

  it('goes to Gemini as an inline part after the function response, in the same turn', async () => {
    await e2e.anthropic.messages.create({ model: 'gemini/gemini-2.5-pro', max_tokens: 1000, tools: [READ], messages: messagesLoop('tool-document-gemini') });
    expect(contents(await lastSent('tool-document-gemini')).at(-1)).toEqual({ role: 'user', parts: [
      { functionResponse: { name: 'Read', response: { output: '' } } },
      { inlineData: { mimeType: 'application/pdf', data: PDF } },
    ] });
  });

  it.each(['deepseek/deepseek-chat', 'kimi/kimi-k2-0905-preview'])('is refused for %s, which reads no documents, holding and sending nothing', async (model) => {
    const marker = `tool-document-refused-${model}`;
    const before = await e2e.gateway.balance();
    const error = await rejectionOf(e2e.anthropic.messages.create({ model, max_tokens: 1000, tools: [READ], messages: messagesLoop(marker) }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { message: expect.stringContaining('documents (PDF, in a tool result)') } });
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, marker)).toEqual([]);
  });
});

function responsesLoop(marker: string): ResponseInputItem[] {
  return [
    { role: 'user', content: `${marker}: what does a.pdf say?` },
    { type: 'function_call', call_id: 'call_read1', name: 'Read', arguments: '{"file_path":"a.pdf"}' },
    { type: 'function_call_output', call_id: 'call_read1', output: [{ type: 'input_file', filename: 'a.pdf', file_data: PDF_URL }] },
  ];
}
const READ_FUNCTION = { type: 'function' as const, name: 'Read', parameters: READ.input_schema, strict: false };

describe('a file in a Responses function call output', () => {
  it.each(['openai/gpt-5.4', 'openai/gpt-4.1'])('passes through to %s as the client wrote it', async (model) => {
    const marker = `tool-file-native-${model}`;
    const answer = await e2e.openai.responses.create({ model, tools: [READ_FUNCTION], input: responsesLoop(marker), max_output_tokens: 1000 });
    expect(answer.status).toBe('completed');
    expect(items(await lastSent(marker)).at(-1)).toEqual(responsesLoop(marker).at(-1));
  });

  it.each(['anthropic/claude-sonnet-4-6', 'gemini/gemini-2.5-pro'])('is translated for %s', async (model) => {
    const marker = `tool-file-translated-${model}`;
    const answer = await e2e.openai.responses.create({ model, tools: [READ_FUNCTION], input: responsesLoop(marker), max_output_tokens: 1000 });
    expect(answer.status).toBe('completed');
    const sent = await lastSent(marker);
    const last = model.startsWith('anthropic') ? (sent.messages as { content: Sent[] }[]).at(-1)!.content[0] : contents(sent).at(-1)!.parts[1];
    expect(last).toEqual(model.startsWith('anthropic')
      ? { type: 'tool_result', tool_use_id: 'call_read1', content: [{ type: 'document', title: 'a.pdf', source: { type: 'base64', media_type: 'application/pdf', data: PDF } }] }
      : { inlineData: { mimeType: 'application/pdf', data: PDF } });
  });

  it('is refused for DeepSeek, which reads no documents', async () => {
    const error = await rejectionOf(e2e.openai.responses.create({ model: 'deepseek/deepseek-chat', tools: [READ_FUNCTION], input: responsesLoop('tool-file-refused'), max_output_tokens: 1000 }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'BSK_GATEWAY_MODEL_CAPABILITY' });
    expect(await upstreamRequests(e2e.gateway, 'tool-file-refused')).toEqual([]);
  });
});
