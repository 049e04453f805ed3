import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { upstreamBodies, upstreamRequests } from './gateway-calls';
import { rejectionOf, useGatewayWithClients } from './gateway-clients';

/**
 * Anthropic's context editing (`context_management`, beta context-management-2025-06-27) on a
 * Messages call to another provider's model: the gateway clears what Anthropic's servers would
 * before the provider reads the prompt, and the answer says what it cleared, as Anthropic's does
 * (`context_management.applied_edits`, in the final `message_delta` of a stream). It used to be
 * dropped, so a client relying on it (Claude Code pointed at GPT or Gemini) sent, and paid for,
 * an ever-growing context. Claude gets the body as written, and applies the edits itself.
 * `count_tokens` counts the prompt those edits leave, as Anthropic's does; for Claude, Anthropic
 * counts the body as written and its answer comes back.
 */
const e2e = useGatewayWithClients();
const BETAS: Anthropic.AnthropicBeta[] = ['context-management-2025-06-27'];
const READ_FILE: Anthropic.Beta.BetaTool = { name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const FILE = 'lorem ipsum dolor '.repeat(200); // 3,600 characters: over 1,000 estimated tokens
const CLEARED = '[Tool result cleared to save context]';
/** Past 3,000 estimated input tokens, clear every tool use but the last 2, inputs too. */
const CLEAR_TOOL_USES: Anthropic.Beta.BetaClearToolUses20250919Edit = { type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 3_000 }, keep: { type: 'tool_uses', value: 2 }, clear_tool_inputs: true };

/** A loop of `uses` file reads, each answered with FILE; the marker is in the question. */
function toolLoop(marker: string, uses: number): Anthropic.Beta.BetaMessageParam[] {
  const messages: Anthropic.Beta.BetaMessageParam[] = [{ role: 'user', content: `${marker}: summarise the files` }];
  for (let use = 0; use < uses; use++) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${use}`, name: 'read_file', input: { path: `file-${use}.txt` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${use}`, content: `${use}: ${FILE}` }] });
  }
  return messages;
}

function params(model: string, marker: string, edits: Anthropic.Beta.BetaContextManagementConfig['edits'], extra: Partial<Anthropic.Beta.MessageCreateParamsNonStreaming> = {}): Anthropic.Beta.MessageCreateParamsNonStreaming {
  return { model, max_tokens: 200, tools: [READ_FILE], messages: toolLoop(marker, 5), context_management: { edits }, betas: BETAS, ...extra };
}

/** What the last upstream request with `marker` held: each tool result's text and each call's input, in order. */
async function sentToOpenAI(marker: string): Promise<{ results: string[]; inputs: string[] }> {
  const messages = (await upstreamBodies(e2e.gateway, marker)).at(-1)!.body.messages as { role: string; content: string; tool_calls?: { function: { arguments: string } }[] }[];
  return { results: messages.filter((message) => message.role === 'tool').map((message) => message.content), inputs: messages.flatMap((message) => message.tool_calls ?? []).map((call) => call.function.arguments) };
}

async function sentToGemini(marker: string): Promise<{ results: unknown[]; inputs: unknown[] }> {
  const parts = ((await upstreamBodies(e2e.gateway, marker)).at(-1)!.body.contents as { parts: { functionCall?: { args: unknown }; functionResponse?: { response: { output: unknown } } }[] }[]).flatMap((content) => content.parts);
  return { results: parts.flatMap((part) => (part.functionResponse ? [part.functionResponse.response.output] : [])), inputs: parts.flatMap((part) => (part.functionCall ? [part.functionCall.args] : [])) };
}

const original = (use: number) => `${use}: ${FILE}`;

/** One clear_tool_uses edit that cleared `uses` tool uses, each more than 1,000 estimated tokens less the placeholder's. */
function expectToolUsesCleared(management: Anthropic.Beta.BetaContextManagementResponse | null, uses: number): void {
  expect(management).toEqual({ applied_edits: [{ type: 'clear_tool_uses_20250919', cleared_tool_uses: uses, cleared_input_tokens: expect.any(Number) }] });
  const { cleared_input_tokens } = management!.applied_edits[0]!;
  expect(cleared_input_tokens).toBeGreaterThan(uses * 1_000);
  expect(cleared_input_tokens).toBeLessThan(uses * 1_100);
}

describe('clear_tool_uses_20250919 on a translated call', () => {
  it('GPT gets the old results as the placeholder and their inputs emptied, reads fewer tokens, and the answer says what was cleared', async () => {
    const message = await e2e.anthropic.beta.messages.create(params('openai/gpt-4.1', 'ctx-gpt-cleared', [CLEAR_TOOL_USES]));
    expect(await sentToOpenAI('ctx-gpt-cleared')).toEqual({
      results: [CLEARED, CLEARED, CLEARED, original(3), original(4)],
      inputs: ['{}', '{}', '{}', '{"path":"file-3.txt"}', '{"path":"file-4.txt"}'],
    });
    expectToolUsesCleared(message.context_management, 3);
    // The upstream counts what it read: the same conversation without context editing costs more.
    const unedited = await e2e.anthropic.beta.messages.create({ ...params('openai/gpt-4.1', 'ctx-gpt-whole', []), context_management: null });
    expect(unedited.context_management ?? null).toBeNull();
    expect((await sentToOpenAI('ctx-gpt-whole')).results).toEqual([0, 1, 2, 3, 4].map(original));
    expect(message.usage.input_tokens).toBeLessThan(unedited.usage.input_tokens - 2_500);
  });

  it('Gemini, streamed: the same clearing, reported in the final message_delta the SDK\'s beta stream reads', async () => {
    const stream = e2e.anthropic.beta.messages.stream({ ...params('gemini/gemini-2.5-flash', 'ctx-gemini-stream', [CLEAR_TOOL_USES]), stream: true });
    const deltas: Anthropic.Beta.BetaRawMessageDeltaEvent[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_delta') deltas.push(event);
    });
    const message = await stream.finalMessage();
    expect(await sentToGemini('ctx-gemini-stream')).toEqual({
      results: [CLEARED, CLEARED, CLEARED, original(3), original(4)],
      inputs: [{}, {}, {}, { path: 'file-3.txt' }, { path: 'file-4.txt' }],
    });
    expect(deltas).toHaveLength(1);
    expectToolUsesCleared(deltas[0]!.context_management, 3);
    expect(message.context_management).toEqual(deltas[0]!.context_management);
  });

  it('clears nothing under the trigger, nor less than clear_at_least, and says it applied no edit (streamed or not)', async () => {
    const under = await e2e.anthropic.beta.messages.create(params('openai/gpt-4.1', 'ctx-under', [{ type: 'clear_tool_uses_20250919' }]));
    expect(under.context_management).toEqual({ applied_edits: [] });
    expect((await sentToOpenAI('ctx-under')).results).toEqual([0, 1, 2, 3, 4].map(original));
    const tooLittle = await e2e.anthropic.beta.messages.stream({ ...params('openai/gpt-4.1', 'ctx-too-little', [{ ...CLEAR_TOOL_USES, clear_at_least: { type: 'input_tokens', value: 10_000 } }]), stream: true }).finalMessage();
    expect(tooLittle.context_management).toEqual({ applied_edits: [] });
    expect((await sentToOpenAI('ctx-too-little')).results).toEqual([0, 1, 2, 3, 4].map(original));
  });

  it('never clears a tool in exclude_tools', async () => {
    const message = await e2e.anthropic.beta.messages.create(params('openai/gpt-4.1', 'ctx-exclude', [{ ...CLEAR_TOOL_USES, exclude_tools: ['read_file'] }]));
    expect(message.context_management).toEqual({ applied_edits: [] });
    expect((await sentToOpenAI('ctx-exclude')).results).toEqual([0, 1, 2, 3, 4].map(original));
  });
});

describe('clear_thinking_20251015 on a translated call (DeepSeek, which gets earlier thinking back as reasoning_content)', () => {
  const THINKING = { type: 'enabled' as const, budget_tokens: 2_048 };

  /** Two thinking turns, each with a tool call; the second ends in its tool's result. */
  function thinkingTurns(marker: string): Anthropic.Beta.BetaMessageParam[] {
    return [
      { role: 'user', content: `${marker}: weather in Kyiv?` },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'first turn: look the weather up', signature: '' }, { type: 'tool_use', id: 'toolu_a', name: 'read_file', input: { path: 'kyiv' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'snow' }] },
      { role: 'assistant', content: 'Snow in Kyiv.' },
      { role: 'user', content: 'And in Oslo?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'second turn: look Oslo up', signature: '' }, { type: 'tool_use', id: 'toolu_b', name: 'read_file', input: { path: 'oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_b', content: 'rain' }] },
    ];
  }

  async function sentToDeepSeek(marker: string): Promise<{ thinking: unknown; reasoning: unknown[] }> {
    const { body } = (await upstreamBodies(e2e.gateway, marker)).at(-1)!;
    const calls = (body.messages as { tool_calls?: unknown[]; reasoning_content?: unknown }[]).filter((message) => message.tool_calls);
    return { thinking: body.thinking, reasoning: calls.map((message) => message.reasoning_content) };
  }

  it('keeps every turn\'s thinking when no clear_thinking strategy is listed (no default clearing off Claude)', async () => {
    const message = await e2e.anthropic.beta.messages.create({ model: 'deepseek/deepseek-v4-pro', max_tokens: 4_096, thinking: THINKING, tools: [READ_FILE], messages: thinkingTurns('ctx-think-default'), context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] }, betas: BETAS });
    expect(message.context_management).toEqual({ applied_edits: [] });
    expect(await sentToDeepSeek('ctx-think-default')).toEqual({ thinking: { type: 'enabled' }, reasoning: ['first turn: look the weather up', 'second turn: look Oslo up'] });
  });

  it('clears the older turn\'s thinking with keep 1 (streamed), so DeepSeek, missing it, is asked without thinking', async () => {
    const message = await e2e.anthropic.beta.messages.stream({ model: 'deepseek/deepseek-v4-pro', max_tokens: 4_096, thinking: THINKING, tools: [READ_FILE], messages: thinkingTurns('ctx-think-keep-1'), context_management: { edits: [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 1 } }] }, betas: BETAS, stream: true }).finalMessage();
    expect(message.context_management).toEqual({ applied_edits: [{ type: 'clear_thinking_20251015', cleared_thinking_turns: 1, cleared_input_tokens: expect.any(Number) }] });
    expect(message.context_management!.applied_edits[0]!.cleared_input_tokens).toBeGreaterThan(0);
    expect(await sentToDeepSeek('ctx-think-keep-1')).toEqual({ thinking: { type: 'disabled' }, reasoning: [undefined, 'second turn: look Oslo up'] });
  });
});

describe('context_management the gateway cannot apply', () => {
  it('is refused on a translated call in Anthropic\'s error shape, naming the field, before anything is held or sent', async () => {
    const before = await e2e.gateway.balance();
    const body = params('openai/gpt-4.1', 'ctx-malformed', [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 0 } }]);
    const error = await rejectionOf(e2e.anthropic.beta.messages.create(body));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const refusal = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(refusal.error).toEqual({ type: 'error', request_id: refusal.requestID, error: { type: 'invalid_request_error', message: 'context_management.edits.0.keep.value: must be at least 1 (this request to "openai/gpt-4.1" is translated: its upstream does not speak the client\'s protocol)' } });
    const compaction = await rejectionOf(e2e.anthropic.beta.messages.create({ ...body, context_management: { edits: [{ type: 'compact_20260112' }] }, stream: true }));
    expect((compaction as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('context_management.edits.0.type: "compact_20260112" is applied by Anthropic\'s servers only') } });
    expect(await e2e.gateway.balance()).toBe(before);
    expect(await upstreamRequests(e2e.gateway, 'ctx-malformed')).toEqual([]);
  });

  it('goes to Claude untouched, as does the conversation it would clear: Anthropic applies and judges it', async () => {
    const cases: [string, Anthropic.Beta.BetaContextManagementConfig['edits']][] = [['ctx-claude-malformed', [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 0 } }]], ['ctx-claude-valid', [CLEAR_TOOL_USES]]];
    for (const [marker, edits] of cases) {
      const body = params('anthropic/claude-haiku-4-5', marker, edits);
      await e2e.anthropic.beta.messages.create(body);
      const [sent] = await upstreamBodies(e2e.gateway, marker);
      const { betas: _betas, ...wire } = body;
      expect(sent!.body).toEqual({ ...wire, model: 'claude-haiku-4-5-20251001' });
    }
  });
});

describe('count_tokens with context_management', () => {
  /** The count of the body `params` builds, with `edits` (none: the field left out), and the answer's headers. */
  async function countOf(model: string, marker: string, edits: Anthropic.Beta.BetaContextManagementConfig['edits'] | null) {
    const { max_tokens: _maxTokens, context_management: _management, ...body } = params(model, marker, edits ?? []);
    const { data, response } = await e2e.anthropic.beta.messages.countTokens({ ...body, ...(edits ? { context_management: { edits } } : {}) }).withResponse();
    return { ...data, source: response.headers.get('bytespike-count-source') };
  }

  it('on a model we estimate for (GPT): the prompt after the edits a create call would make, and the prompt before them as original_input_tokens', async () => {
    const counted = await countOf('openai/gpt-4.1', 'ctx-count-gpt', [CLEAR_TOOL_USES]);
    const whole = await countOf('openai/gpt-4.1', 'ctx-count-gpt', null);
    expect(counted).toMatchObject({ source: 'estimate', context_management: { original_input_tokens: whole.input_tokens } });
    // Three results of over 1,000 estimated tokens each, cleared.
    expect(counted.input_tokens).toBeLessThan(whole.input_tokens - 3_000);
    expect(whole.context_management ?? null).toBeNull();
  });

  it('on a model with a count endpoint (Gemini): both counted upstream, the prompt as written in a second call only when an edit cleared something', async () => {
    const counted = await countOf('gemini/gemini-2.5-flash', 'ctx-count-gem-1', [CLEAR_TOOL_USES]);
    const whole = await countOf('gemini/gemini-2.5-flash', 'ctx-count-gem-2', null);
    expect(counted).toMatchObject({ source: 'upstream', context_management: { original_input_tokens: whole.input_tokens } });
    expect(counted.input_tokens).toBeLessThan(whole.input_tokens - 2_500);
    const calls = await upstreamBodies(e2e.gateway, 'ctx-count-gem-1');
    expect(calls.map((call) => call.path)).toEqual([expect.stringMatching(/:countTokens$/), expect.stringMatching(/:countTokens$/)]);
    // The two go out together: either may arrive first.
    expect(calls.map((call) => JSON.stringify(call.body).includes(CLEARED)).sort()).toEqual([false, true]);
    const under = await countOf('gemini/gemini-2.5-flash', 'ctx-count-gem-3', [{ type: 'clear_tool_uses_20250919' }]);
    expect(under).toMatchObject({ source: 'upstream', context_management: { original_input_tokens: under.input_tokens } });
    expect(await upstreamRequests(e2e.gateway, 'ctx-count-gem-3')).toHaveLength(1);
  });

  it('on Claude: the prompt as written reaches Anthropic\'s count endpoint, with its context_management, not the gateway\'s edits, and Anthropic\'s answer comes back', async () => {
    const counted = await countOf('anthropic/claude-haiku-4-5', 'ctx-count-claude', [CLEAR_TOOL_USES]);
    expect(counted).toMatchObject({ source: 'upstream', context_management: { original_input_tokens: expect.any(Number) } });
    const [sent] = await upstreamBodies(e2e.gateway, 'ctx-count-claude');
    expect(sent!.path).toMatch(/\/messages\/count_tokens$/);
    expect(sent!.body).toMatchObject({ context_management: { edits: [CLEAR_TOOL_USES] } });
    expect(JSON.stringify(sent!.body)).not.toContain(CLEARED);
  });

  it('what the gateway cannot apply is refused on a translated count as on create, naming the field', async () => {
    const error = await rejectionOf(countOf('openai/gpt-4.1', 'ctx-count-malformed', [{ type: 'compact_20260112' }]));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('context_management.edits.0.type') } });
  });
});
