import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * What only the client's own provider can serve (Anthropic's server tools, Files API sources,
 * block types the gateway does not know, OpenAI's logprobs) passes through to that provider as
 * written, and is refused in the client's error shape when the call is translated: it used to
 * be dropped, and the answer billed as if the model had seen it.
 */
const e2e = useGatewayWithClients();
const CLAUDE = 'anthropic/claude-haiku-4-5';
const flagsHeader = (flags: unknown) => ({ headers: { 'x-bytespike-flags': JSON.stringify(flags) } });

/** A Messages body with blocks and tools the SDK's types may not know yet. */
function messagesBody(model: string, content: unknown[], extra: Record<string, unknown> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return { model, max_tokens: 100, messages: [{ role: 'user', content }], ...extra } as unknown as Anthropic.MessageCreateParamsNonStreaming;
}

async function expectAnthropicRefusal(call: Promise<unknown>, message: string): Promise<void> {
  const error = await rejectionOf(call);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const refusal = error as InstanceType<typeof Anthropic.BadRequestError>;
  expect(refusal.error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(message) }, request_id: refusal.requestID });
}

describe('Messages: what only Anthropic serves', () => {
  it('refuses a block of an unknown type on a translated call, naming its path, holding and sending nothing', async () => {
    const before = await e2e.gateway.balance();
    for (const model of ['openai/gpt-4o', 'gemini/gemini-2.5-flash']) {
      await expectAnthropicRefusal(e2e.anthropic.messages.create(messagesBody(model, [{ type: 'weird', note: 'blocker-weird' }])),
        `messages.0.content.0.type: Input tag 'weird' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'tool_result'; other block types reach Anthropic's models only (this request to "${model}" is translated`);
    }
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'blocker-weird')).toEqual([]);
  });

  it('refuses it on a stream too, before the stream starts', async () => {
    const body = { ...messagesBody('openai/gpt-4o', [{ type: 'text', text: 'blocker-stream' }, { type: 'search_result', source: 's', title: 't', content: [{ type: 'text', text: 'x' }] }]), stream: true } as Anthropic.MessageCreateParamsStreaming;
    await expectAnthropicRefusal(e2e.anthropic.messages.create(body), "messages.0.content.1.type: Input tag 'search_result'");
    expect(await upstreamRequests(e2e.gateway, 'blocker-stream')).toEqual([]);
  });

  it('refuses an image from the Files API on a translated call', async () => {
    const before = await e2e.gateway.balance();
    await expectAnthropicRefusal(e2e.anthropic.messages.create(messagesBody('gemini/gemini-2.5-flash', [{ type: 'image', source: { type: 'file', file_id: 'file_011' } }, { type: 'text', text: 'blocker-file: what is this?' }])),
      "messages.0.content.0.source.type: file sources are served by Anthropic's Files API only; send the image as base64 or url");
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'blocker-file')).toEqual([]);
  });

  it('refuses a server tool on a translated call, even forced, naming the tool', async () => {
    const before = await e2e.gateway.balance();
    const tools = [{ name: 'lookup', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search', max_uses: 2 }];
    await expectAnthropicRefusal(e2e.anthropic.messages.create(messagesBody('openai/gpt-4o', [{ type: 'text', text: 'blocker-search: news today?' }], { tools, tool_choice: { type: 'tool', name: 'web_search' } })),
      'tools.1: "web_search" (web_search_20250305) runs on Anthropic\'s servers only; remove it, or choose an Anthropic model');
    await expectAnthropicRefusal(e2e.anthropic.messages.create(messagesBody('openai/gpt-4o', [{ type: 'text', text: 'blocker-search: list files' }], { tools: [{ type: 'bash_20250124', name: 'bash' }] })),
      'tools.0: "bash" (bash_20250124) is defined by Anthropic and only its models know it');
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'blocker-search')).toEqual([]);
  });

  it('passes all of it through to Claude as written', async () => {
    const content = [
      { type: 'text', text: 'blocker-passthrough: summarise' },
      { type: 'image', source: { type: 'file', file_id: 'file_011' } },
      { type: 'document', source: { type: 'file', file_id: 'file_012' } },
      { type: 'search_result', source: 'https://example.com', title: 'Example', content: [{ type: 'text', text: 'found' }] },
      { type: 'container_upload', file_id: 'file_013' },
    ];
    const history = [
      { role: 'user', content: 'earlier question' },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } }, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] }, { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'x', server_name: 's', input: {} }, { type: 'text', text: 'earlier answer' }] },
    ];
    const tools = [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }, { type: 'code_execution_20250825', name: 'code_execution' }];
    const body = { model: CLAUDE, max_tokens: 100, messages: [...history, { role: 'user', content }], tools, tool_choice: { type: 'auto' }, mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 's' }] };
    const message = await e2e.anthropic.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.stop_reason).toBe('end_turn');
    const [sent] = await upstreamBodies(e2e.gateway, 'blocker-passthrough');
    expect(sent!.body).toEqual({ ...body, model: 'claude-haiku-4-5-20251001' });
  });

  it('passes a server tool through to Claude under the cache flag, which then caches nothing (bypass)', async () => {
    const body = messagesBody(CLAUDE, [{ type: 'text', text: 'blocker-cache: news?' }], { tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    // Twice: the second is no hit, as nothing was cached.
    for (let call = 0; call < 2; call++) {
      const { response } = await e2e.anthropic.messages.create(body, flagsHeader({ cache: { ttl_s: 60 } })).withResponse();
      expect(response.headers.get('bytespike-cache')).toBe('bypass');
    }
    const sent = await upstreamBodies(e2e.gateway, 'blocker-cache');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search' }]);
  });
});

describe('Chat Completions: logprobs', () => {
  it('refuses logprobs on a translated call in OpenAI\'s shape, naming the param, holding and sending nothing', async () => {
    const before = await e2e.gateway.balance();
    for (const model of [CLAUDE, 'gemini/gemini-2.5-flash']) {
      const error = await rejectionOf(e2e.openai.chat.completions.create({ model, logprobs: true, top_logprobs: 2, messages: [{ role: 'user', content: 'blocker-logprobs: hi' }] }));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
        type: 'invalid_request_error', code: 'BSK_GATEWAY_UNTRANSLATABLE', param: 'logprobs',
        message: `logprobs: log probabilities come only from models served on Chat Completions as they are (OpenAI, DeepSeek, Kimi, OpenAI-compatible servers); send logprobs: false, or choose one of those (this request to "${model}" is translated: its upstream does not speak the client's protocol)`,
      });
    }
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'blocker-logprobs')).toEqual([]);
  });

  it('sends logprobs on to OpenAI, and answers logprobs: false on Claude', async () => {
    const completion = await e2e.openai.chat.completions.create({ model: 'openai/gpt-4o', logprobs: true, top_logprobs: 2, messages: [{ role: 'user', content: 'blocker-openai: hi' }] });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect((await upstreamBodies(e2e.gateway, 'blocker-openai'))[0]!.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    const claude = await e2e.openai.chat.completions.create({ model: CLAUDE, logprobs: false, messages: [{ role: 'user', content: 'blocker-false: hi' }] });
    expect(claude.choices[0]!.finish_reason).toBe('stop');
  });
});
