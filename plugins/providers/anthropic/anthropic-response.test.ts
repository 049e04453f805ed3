import { describe, expect, it } from 'vitest';
import { parseAnthropicResponse } from './anthropic-response';
import { readFixture } from './fixture-responses';

const parse = (file: string, jsonResponseTool?: string) =>
  parseAnthropicResponse(JSON.parse(readFixture(file)), { modelId: 'anthropic/test', ...(jsonResponseTool ? { jsonResponseTool } : {}) });
const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 });

describe('parseAnthropicResponse on the recordings', () => {
  it('text, and the model that answered as the body names it', () => {
    expect(parse('anthropic-text.json')).toEqual({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      model: 'anthropic/test',
      content: [{ type: 'text', text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?" }],
      finishReason: 'stop',
      usage: usage(12, 29),
      upstreamModel: 'claude-sonnet-4-5-20250929',
    });
  });

  it('clear-thinking keeps the signature exactly', () => {
    const fixture = JSON.parse(readFixture('anthropic-clear-thinking.1.json'));
    const response = parse('anthropic-clear-thinking.1.json');
    expect(response.content).toEqual([
      { type: 'reasoning', text: '925 divided by 5 = 185', signature: fixture.content[0].signature },
      { type: 'text', text: '925 ÷ 5 = 185' },
    ]);
    expect(response.usage).toEqual(usage(69, 33));
  });

  it('json-tool as a tool call, and as a JSON response format', () => {
    const asTool = parse('anthropic-json-tool.1.json');
    expect(asTool.finishReason).toBe('tool-calls');
    expect(asTool.content[0]).toMatchObject({ type: 'tool-call', id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa', name: 'json' });
    const asJson = parse('anthropic-json-tool.1.json', 'json');
    expect(asJson.finishReason).toBe('stop');
    expect(asJson.content).toHaveLength(1);
    expect(JSON.parse((asJson.content[0] as { text: string }).text).elements).toHaveLength(4);
  });

  it('tool-no-args', () => {
    const response = parse('anthropic-tool-no-args.json');
    expect(response.content.map((part) => part.type)).toEqual(['text', 'tool-call']);
    expect(response.content[1]).toEqual({ type: 'tool-call', id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', input: {} });
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual(usage(602, 93));
  });

  it('refusal', () => {
    const response = parse('anthropic-refusal.json');
    expect(response.content).toEqual([]);
    expect(response.finishReason).toBe('content-filter');
  });
});
