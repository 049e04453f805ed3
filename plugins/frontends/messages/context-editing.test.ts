import { describe, expect, it } from 'vitest';
import { estimateRequestTokens } from '../../../kernel/canonical/estimate-tokens';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { CLEARED_TOOL_RESULT } from './clear-tool-uses';
import { applyContextManagement, contextManagementOf, editForCount } from './context-editing';
import { parseMessagesRequest } from './parse-messages-request';

/**
 * Anthropic's context editing, applied by the gateway to a translated Messages call: what the
 * provider is sent and what the answer reports, through the wire's own parse.
 */
const RESULT = 'x'.repeat(3_500); // 1,000 estimated tokens

type Body = Record<string, unknown>;

function parse(body: Body): CanonicalRequest {
  return applyContextManagement(parseMessagesRequest(body), body);
}

/** A tool loop of `uses` calls (named by `names`, round robin), each answered with RESULT. */
function toolLoop(uses: number, names: readonly string[] = ['read']): Body[] {
  const messages: Body[] = [{ role: 'user', content: 'Read the files.' }];
  for (let use = 0; use < uses; use++) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${use}`, name: names[use % names.length], input: { path: `file-${use}.txt` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${use}`, content: `${use}:${RESULT}` }] });
  }
  return messages;
}

function bodyWith(messages: Body[], edits: unknown[], extra: Body = {}): Body {
  return { model: 'openai/gpt-4o', max_tokens: 100, messages, context_management: { edits }, ...extra };
}

/** The text each tool result carries, in order. */
function resultTexts(request: CanonicalRequest): string[] {
  return request.messages.flatMap((message) => (message.role === 'tool' ? message.content.map((part) => (part.content[0] as { text: string }).text) : []));
}

function callInputs(request: CanonicalRequest): unknown[] {
  return request.messages.flatMap((message) => (message.role === 'assistant' ? message.content.flatMap((part) => (part.type === 'tool-call' ? [part.input] : [])) : []));
}

const cleared = (count: number) => Array.from({ length: count }, () => CLEARED_TOOL_RESULT);
const kept = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `${from + index}:${RESULT}`);

describe('context editing on a translated Messages call', () => {
  it('does nothing, and keeps nothing, for a body without context_management', () => {
    const body = { model: 'openai/gpt-4o', max_tokens: 100, messages: toolLoop(5) };
    const request = parseMessagesRequest(body);
    expect(applyContextManagement(request, body)).toBe(request);
    expect(contextManagementOf(body)).toBeUndefined();
    expect(contextManagementOf({ ...body, context_management: null })).toBeUndefined();
  });

  describe('clear_tool_uses_20250919', () => {
    it('leaves a conversation under the default trigger (100,000 input tokens) as it is, reporting no edit', () => {
      const body = bodyWith(toolLoop(90), [{ type: 'clear_tool_uses_20250919' }]);
      const request = parse(body);
      expect(estimateRequestTokens(request)).toBeLessThan(100_000);
      expect(resultTexts(request)).toEqual(kept(0, 90));
      expect(contextManagementOf(body)).toEqual({ applied_edits: [] });
    });

    it('past the default trigger, clears every result but the 3 most recent, oldest first, reporting the tokens the estimate lost', () => {
      const body = bodyWith(toolLoop(101), [{ type: 'clear_tool_uses_20250919' }]);
      const original = parseMessagesRequest(body);
      expect(estimateRequestTokens(original)).toBeGreaterThan(100_000);
      const request = parse(body);
      expect(resultTexts(request)).toEqual([...cleared(98), ...kept(98, 101)]);
      // Inputs stay by default: only results are cleared.
      expect(callInputs(request)).toEqual(callInputs(original));
      expect(contextManagementOf(body)).toEqual({ applied_edits: [{ type: 'clear_tool_uses_20250919', cleared_tool_uses: 98, cleared_input_tokens: estimateRequestTokens(original) - estimateRequestTokens(request) }] });
    });

    it('triggers only once the estimate exceeds the threshold, not at it', () => {
      const messages = toolLoop(4);
      const tokens = estimateRequestTokens(parseMessagesRequest(bodyWith(messages, [])));
      const at = parse(bodyWith(messages, [{ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: tokens }, keep: { type: 'tool_uses', value: 1 } }]));
      expect(resultTexts(at)).toEqual(kept(0, 4));
      const below = parse(bodyWith(messages, [{ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: tokens - 1 }, keep: { type: 'tool_uses', value: 1 } }]));
      expect(resultTexts(below)).toEqual([...cleared(3), ...kept(3, 4)]);
    });

    it('triggers on a count of tool uses, and keeps the number asked for (0 too)', () => {
      const edit = (trigger: number, keep: number) => ({ type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: trigger }, keep: { type: 'tool_uses', value: keep } });
      expect(resultTexts(parse(bodyWith(toolLoop(5), [edit(5, 2)])))).toEqual(kept(0, 5));
      expect(resultTexts(parse(bodyWith(toolLoop(5), [edit(4, 2)])))).toEqual([...cleared(3), ...kept(3, 5)]);
      expect(resultTexts(parse(bodyWith(toolLoop(5), [edit(0, 0)])))).toEqual(cleared(5));
    });

    it('never clears a tool in exclude_tools, and counts it among the kept recent uses', () => {
      const body = bodyWith(toolLoop(6, ['read', 'memory']), [{ type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 2 }, exclude_tools: ['memory'] }]);
      // Uses 0, 2 (read) are cleared; 1, 3 (memory) are excluded; 4 and 5 are the two most recent.
      expect(resultTexts(parse(body))).toEqual([CLEARED_TOOL_RESULT, `1:${RESULT}`, CLEARED_TOOL_RESULT, `3:${RESULT}`, `4:${RESULT}`, `5:${RESULT}`]);
      expect(contextManagementOf(body)!.applied_edits[0]).toMatchObject({ cleared_tool_uses: 2 });
    });

    it('clears nothing when less than clear_at_least would go, and all of it when that much does', () => {
      const messages = toolLoop(4);
      const edit = (clearAtLeast: number) => ({ type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 2 }, clear_at_least: { type: 'input_tokens', value: clearAtLeast } });
      const enough = bodyWith(messages, [edit(1_900)]);
      expect(resultTexts(parse(enough))).toEqual([...cleared(2), ...kept(2, 4)]);
      const clearedTokens = contextManagementOf(enough)!.applied_edits[0]!.cleared_input_tokens;
      expect(clearedTokens).toBeGreaterThan(1_900);
      const tooLittle = bodyWith(messages, [edit(clearedTokens + 1)]);
      expect(resultTexts(parse(tooLittle))).toEqual(kept(0, 4));
      expect(contextManagementOf(tooLittle)).toEqual({ applied_edits: [] });
    });

    it('empties the cleared uses\' inputs with clear_tool_inputs: true, or only the named tools\' with a list', () => {
      const edit = (clearToolInputs: unknown) => ({ type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 1 }, clear_tool_inputs: clearToolInputs });
      expect(callInputs(parse(bodyWith(toolLoop(3, ['read', 'grep']), [edit(true)])))).toEqual([{}, {}, { path: 'file-2.txt' }]);
      expect(callInputs(parse(bodyWith(toolLoop(3, ['read', 'grep']), [edit(['grep'])])))).toEqual([{ path: 'file-0.txt' }, {}, { path: 'file-2.txt' }]);
      expect(callInputs(parse(bodyWith(toolLoop(3, ['read', 'grep']), [edit(false)])))).toEqual([{ path: 'file-0.txt' }, { path: 'file-1.txt' }, { path: 'file-2.txt' }]);
    });

    it('leaves a call still waiting for its result, which is no use/result pair', () => {
      const messages = [...toolLoop(2), { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_pending', name: 'read', input: { path: 'p' } }] }, { role: 'user', content: 'never mind' }];
      const body = bodyWith(messages, [{ type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 0 }, clear_tool_inputs: true }]);
      const request = parse(body);
      expect(resultTexts(request)).toEqual(cleared(2));
      expect(callInputs(request)).toEqual([{}, {}, { path: 'p' }]);
      expect(contextManagementOf(body)!.applied_edits[0]).toMatchObject({ cleared_tool_uses: 2 });
    });
  });

  describe('clear_thinking_20251015', () => {
    /** `turns` user turns, each answered by a thinking assistant turn with a tool loop inside it. */
    function thinkingTurns(turns: number): Body[] {
      const messages: Body[] = [];
      for (let turn = 0; turn < turns; turn++) {
        messages.push({ role: 'user', content: `question ${turn}` });
        messages.push({ role: 'assistant', content: [{ type: 'thinking', thinking: `thought ${turn}a ${RESULT}`, signature: `sig${turn}a` }, { type: 'tool_use', id: `toolu_${turn}`, name: 'read', input: {} }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${turn}`, content: 'ok' }, { type: 'text', text: 'reminder sent with the result' }] });
        messages.push({ role: 'assistant', content: [{ type: 'redacted_thinking', data: `redacted${turn}` }, { type: 'thinking', thinking: `thought ${turn}b`, signature: `sig${turn}b` }, { type: 'text', text: `answer ${turn}` }] });
      }
      return messages;
    }

    /** Per assistant message, the thinking it still holds (by signature, or redacted data). */
    function thinkingOf(request: CanonicalRequest): string[][] {
      return request.messages.flatMap((message) => (message.role === 'assistant' ? [message.content.flatMap((part) => (part.type === 'reasoning' ? [part.signature ?? part.redactedData!] : []))] : []));
    }

    const thinking = { type: 'enabled', budget_tokens: 2_000 };

    it('keeps every thinking block when no strategy asks otherwise', () => {
      const body = bodyWith(thinkingTurns(3), [{ type: 'clear_tool_uses_20250919' }], { thinking });
      expect(thinkingOf(parse(body))).toEqual([['sig0a'], ['redacted0', 'sig0b'], ['sig1a'], ['redacted1', 'sig1b'], ['sig2a'], ['redacted2', 'sig2b']]);
    });

    it('keeps the last turn\'s thinking by default, a turn spanning its tool loop, and clears the rest (redacted too)', () => {
      const body = bodyWith(thinkingTurns(3), [{ type: 'clear_thinking_20251015' }], { thinking });
      const original = parseMessagesRequest(body);
      const request = parse(body);
      expect(thinkingOf(request)).toEqual([[], [], [], [], ['sig2a'], ['redacted2', 'sig2b']]);
      // The tool calls and answers of cleared turns stay.
      expect(request.messages).toHaveLength(original.messages.length);
      expect(contextManagementOf(body)).toEqual({ applied_edits: [{ type: 'clear_thinking_20251015', cleared_thinking_turns: 2, cleared_input_tokens: estimateRequestTokens(original) - estimateRequestTokens(request) }] });
      expect(contextManagementOf(body)!.applied_edits[0]!.cleared_input_tokens).toBeGreaterThan(2_000);
    });

    it('keeps the number of thinking turns asked for, counting only turns that hold thinking', () => {
      const messages = [...thinkingTurns(3), { role: 'user', content: 'plain' }, { role: 'assistant', content: 'no thinking here' }];
      const body = bodyWith(messages, [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 2 } }], { thinking });
      expect(thinkingOf(parse(body))).toEqual([[], [], ['sig1a'], ['redacted1', 'sig1b'], ['sig2a'], ['redacted2', 'sig2b'], []]);
      expect(contextManagementOf(body)!.applied_edits[0]).toMatchObject({ cleared_thinking_turns: 1 });
    });

    it('clears nothing with keep "all" or {type: "all"}, nor with fewer thinking turns than kept', () => {
      for (const keep of ['all', { type: 'all' }, { type: 'thinking_turns', value: 3 }]) {
        const body = bodyWith(thinkingTurns(3), [{ type: 'clear_thinking_20251015', keep }], { thinking });
        expect(thinkingOf(parse(body))).toEqual(thinkingOf(parseMessagesRequest(body)));
        expect(contextManagementOf(body)).toEqual({ applied_edits: [] });
      }
    });

    it('drops an assistant message that held only thinking', () => {
      const messages = [{ role: 'user', content: 'a' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }] }, { role: 'user', content: 'b' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'u', signature: 'v' }, { type: 'text', text: 'c' }] }, { role: 'user', content: 'd' }];
      const request = parse(bodyWith(messages, [{ type: 'clear_thinking_20251015' }], { thinking }));
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'user', 'assistant', 'user']);
    });

    it('applies both strategies in order, the tool clearing seeing the request the thinking clearing left', () => {
      const messages = [...thinkingTurns(2), ...toolLoop(4).slice(1)];
      const body = bodyWith(messages, [
        { type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 1 } },
        { type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 2 } },
      ], { thinking });
      const original = parseMessagesRequest(body);
      const request = parse(body);
      const applied = contextManagementOf(body)!.applied_edits;
      expect(applied.map((edit) => edit.type)).toEqual(['clear_thinking_20251015', 'clear_tool_uses_20250919']);
      expect(applied[1]).toMatchObject({ cleared_tool_uses: 4 });
      expect(applied[0]!.cleared_input_tokens + applied[1]!.cleared_input_tokens).toBe(estimateRequestTokens(original) - estimateRequestTokens(request));
    });
  });

  describe('what the gateway cannot apply', () => {
    it.each([
      ['context_management is no object', 'on', 'context_management', 'must be an object, got a string'],
      ['edits is no list', { edits: 'clear' }, 'context_management.edits', 'must be an array, got a string'],
      ['an edit has no type', { edits: [{}] }, 'context_management.edits.0.type', 'is required'],
      ['a strategy only Anthropic runs', { edits: [{ type: 'compact_20260112' }] }, 'context_management.edits.0.type', '"compact_20260112" is applied by Anthropic\'s servers only; on other models the gateway applies clear_tool_uses_20250919 and clear_thinking_20251015 itself'],
      ['a trigger of another kind', { edits: [{ type: 'clear_tool_uses_20250919', trigger: { type: 'messages', value: 3 } }] }, 'context_management.edits.0.trigger.type', 'must be one of "input_tokens", "tool_uses"'],
      ['a trigger without a value', { edits: [{ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens' } }] }, 'context_management.edits.0.trigger.value', 'is required'],
      ['a fractional keep', { edits: [{ type: 'clear_tool_uses_20250919', keep: { type: 'tool_uses', value: 1.5 } }] }, 'context_management.edits.0.keep.value', 'must be an integer'],
      ['a negative clear_at_least', { edits: [{ type: 'clear_tool_uses_20250919', clear_at_least: { type: 'input_tokens', value: -1 } }] }, 'context_management.edits.0.clear_at_least.value', 'must be at least 0'],
      ['exclude_tools with a number', { edits: [{ type: 'clear_tool_uses_20250919', exclude_tools: ['a', 2] }] }, 'context_management.edits.0.exclude_tools.1', 'must be a string, got a number'],
      ['clear_tool_inputs of another kind', { edits: [{ type: 'clear_tool_uses_20250919', clear_tool_inputs: 'yes' }] }, 'context_management.edits.0.clear_tool_inputs', 'must be an array, got a string'],
      ['zero thinking turns kept', { edits: [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 0 } }] }, 'context_management.edits.0.keep.value', 'must be at least 1'],
      ['clear_thinking listed after another strategy', { edits: [{ type: 'clear_tool_uses_20250919' }, { type: 'clear_thinking_20251015' }] }, 'context_management.edits.1', 'clear_thinking_20251015 must be listed first in `edits` when combined with other strategies'],
    ])('is a translation blocker naming the field, the request otherwise as sent: %s', (_case, value, param, reason) => {
      const body = { model: 'openai/gpt-4o', max_tokens: 100, messages: toolLoop(101), context_management: value };
      const request = parse(body);
      expect(request.translationBlockers).toEqual([{ param, reason }]);
      expect(resultTexts(request)).toEqual(kept(0, 101));
      expect(contextManagementOf(body)).toBeUndefined();
    });

    it('is listed after the body\'s other blockers', () => {
      const body = { ...bodyWith(toolLoop(1), [{ type: 'compact_20260112' }]), mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }] };
      expect(parse(body).translationBlockers!.map((blocker) => blocker.param)).toEqual(['mcp_servers', 'context_management.edits.0.type']);
    });
  });
});

describe('context editing on a count_tokens body', () => {
  const countBody = (body: Body) => {
    const { max_tokens: _maxTokens, ...rest } = body;
    return editForCount(parseMessagesRequest(rest, { countTokens: true }), rest);
  };
  const EDIT = { type: 'clear_tool_uses_20250919', trigger: { type: 'tool_uses', value: 0 }, keep: { type: 'tool_uses', value: 2 } };

  it('gives the prompt as written, for Claude, and the prompt a translated create call would send, saying whether an edit cleared anything', () => {
    const { request, edited } = countBody(bodyWith(toolLoop(5), [EDIT]));
    expect(resultTexts(request)).toEqual(kept(0, 5));
    expect(resultTexts(edited!.request)).toEqual([...cleared(3), ...kept(3, 5)]);
    expect(edited!.cleared).toBe(true);
    // As a create call with the same body would send it.
    expect(edited!.request.messages).toEqual(parse(bodyWith(toolLoop(5), [EDIT])).messages);
  });

  it('says nothing was cleared when no edit applied, and gives no edited prompt for a body without context_management', () => {
    const under = countBody(bodyWith(toolLoop(2), [EDIT]));
    expect(under.edited).toEqual({ request: under.request, cleared: false });
    const plain = countBody({ model: 'openai/gpt-4o', messages: toolLoop(5) });
    expect(plain.edited).toBeUndefined();
  });

  it('turns what the gateway cannot apply into a translation blocker on the prompt as written, with no edited prompt', () => {
    const { request, edited } = countBody(bodyWith(toolLoop(5), [{ type: 'compact_20260112' }]));
    expect(request.translationBlockers).toEqual([expect.objectContaining({ param: 'context_management.edits.0.type' })]);
    expect(edited).toBeUndefined();
  });
});
