import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { signatureInCallId } from '../../plugins/providers/gemini/call-id-signature';
import { upstreamBodies } from './gateway-calls';
import { useGatewayWithClients } from './gateway-clients';

/**
 * Gemini's thought signatures through the official SDKs, as QA found them: a Messages client got
 * a trailing empty thinking block and every signature as "". A signature now rides where the
 * client keeps opaque data (a thinking block's `signature`, prefixed `gemini-ts.`; a call's in
 * its id) and reaches Gemini again on the part it came on. Gemini 3 refuses a function call sent
 * back without its signature: one that lost it goes with Google's placeholder.
 */
const e2e = useGatewayWithClients();

const WEATHER = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

interface GeminiPart { text?: string; thought?: boolean; thoughtSignature?: string; functionCall?: { name: string } }
interface GeminiContent { role: string; parts: GeminiPart[] }

/** The model turns of the last request Gemini got for `marker`. */
async function modelTurnsSentBack(marker: string): Promise<GeminiContent[]> {
  const requests = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/gemini/'));
  return (requests.at(-1)!.body.contents as GeminiContent[]).filter((content) => content.role === 'model');
}

function create(stream: boolean, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
  return stream ? e2e.anthropic.messages.stream(params).finalMessage() : e2e.anthropic.messages.create(params);
}

describe.each([false, true])('a Gemini answer on /v1/messages (streamed: %s)', (stream) => {
  it('has no empty thinking block, asked for thinking or not', async () => {
    for (const thinking of [undefined, { type: 'enabled' as const, budget_tokens: 1024 }]) {
      const message = await create(stream, { model: 'gemini/gemini-2.5-flash', max_tokens: 1000, ...(thinking ? { thinking } : {}), messages: [{ role: 'user', content: '[[reasoning]] hi' }] });
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
      expect((message.content[0] as Anthropic.ThinkingBlock).thinking).not.toBe('');
    }
  });

  it('carries a function call\'s signature back to Gemini on the functionCall part, thinking on', async () => {
    const marker = `gemini-call-signature-${stream}`;
    const question: Anthropic.MessageParam = { role: 'user', content: `[[reasoning]] [[tool:get_weather]] ${marker}: weather in Rome?` };
    const params = { model: 'gemini/gemini-2.5-flash', max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, tools: [WEATHER] };
    const first = await create(stream, { ...params, messages: [question] });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const toolUse = first.content[1] as Anthropic.ToolUseBlock;
    await create(stream, { ...params, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] }] });
    const [sentBack] = await modelTurnsSentBack(marker);
    const call = sentBack!.parts.find((part) => part.functionCall)!;
    expect(call.thoughtSignature?.length).toBeGreaterThan(8);
    expect(call.thoughtSignature).toBe(signatureInCallId(toolUse.id));
  });
});

describe('a Gemini thought signature on a text part', () => {
  it('rides in the thinking block\'s signature and reaches Gemini on the answer\'s text part when the client sends the turn back', async () => {
    const marker = 'gemini-text-signature';
    const question: Anthropic.MessageParam = { role: 'user', content: `[[reasoning]] ${marker} hi` };
    const first = await e2e.anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 1000, messages: [question] });
    const [thinking, text] = first.content as [Anthropic.ThinkingBlock, Anthropic.TextBlock];
    expect(thinking.signature).toMatch(/^gemini-ts\.[\w+/=-]{8,}$/);
    await e2e.anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 1000, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'And then?' }] });
    const [sentBack] = await modelTurnsSentBack(marker);
    expect(sentBack!.parts).toEqual([{ text: text.text, thoughtSignature: thinking.signature.slice('gemini-ts.'.length) }]);
  });

  it.each([false, true])('still goes back from a Responses client, in its reasoning item\'s encrypted_content (streamed: %s)', async (stream) => {
    const marker = `gemini-responses-signature-${stream}`;
    const params = { model: 'gemini/gemini-2.5-flash', input: `[[reasoning]] ${marker} hi`, reasoning: { effort: 'low' as const }, max_output_tokens: 2000 };
    const first = stream ? await e2e.openai.responses.stream(params).finalResponse() : await e2e.openai.responses.create(params);
    expect(first.output.some((item) => item.type === 'reasoning' && item.encrypted_content)).toBe(true);
    const input = [{ role: 'user' as const, content: params.input }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user' as const, content: 'And then?' }];
    await e2e.openai.responses.create({ ...params, input });
    const [sentBack] = await modelTurnsSentBack(marker);
    expect(sentBack!.parts).toEqual([{ text: first.output_text, thoughtSignature: expect.stringMatching(/^[\w+/=-]{8,}$/) }]);
  });

  it('is left out when the conversation moves on to Claude, which would refuse it', async () => {
    const marker = 'gemini-to-claude';
    const question: Anthropic.MessageParam = { role: 'user', content: `[[reasoning]] ${marker}: 2+2?` };
    const first = await e2e.anthropic.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 1000, messages: [question] });
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^gemini-ts\./) });
    await e2e.anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 1000, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'And 3+3?' }] });
    const toClaude = (await upstreamBodies(e2e.gateway, marker)).filter((request) => request.path.includes('/anthropic/')).at(-1)!.body.messages as { role: string; content: { type: string }[] }[];
    expect(toClaude.find((message) => message.role === 'assistant')!.content.map((block) => block.type)).toEqual(['text']);
  });
});

describe('Gemini 3, which refuses a function call sent back without its signature', () => {
  const turn = async (marker: string) => {
    const question: Anthropic.MessageParam = { role: 'user', content: `[[tool:get_weather]] ${marker}: weather in Oslo?` };
    const first = await e2e.anthropic.messages.create({ model: 'gemini/gemini-3.1-pro-preview', max_tokens: 1000, tools: [WEATHER], messages: [question] });
    const toolUse = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const followUp = (id: string) => e2e.anthropic.messages.create({
      model: 'gemini/gemini-3.1-pro-preview', max_tokens: 1000, tools: [WEATHER],
      messages: [question, { role: 'assistant', content: [{ ...toolUse, id }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'rain' }] }],
    });
    return { toolUse, followUp };
  };

  it('takes the tool loop of a Messages client, the signature riding in the call id', async () => {
    const { toolUse, followUp } = await turn('gemini-3-loop');
    const answer = await followUp(toolUse.id);
    expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('rain') });
  });

  it('sends a call whose id a client rewrote with Google\'s placeholder signature, which Gemini 3 takes (the simulator refuses a call without any, as the API does)', async () => {
    const { followUp } = await turn('gemini-3-rewritten');
    const answer = await followUp('toolu_rewritten_by_client');
    expect(answer.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('rain') });
    const [sentBack] = await modelTurnsSentBack('gemini-3-rewritten');
    expect(sentBack!.parts.find((part) => part.functionCall)!.thoughtSignature).toBe('skip_thought_signature_validator');
  });
});
