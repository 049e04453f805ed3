import { describe, expect, it } from 'vitest';
import type { Conversation } from './conversation';
import { parseDirectives } from './directives';
import { FailureCounters, parseFaultSpec, selectActiveFault } from './faults';
import { planResponse } from './response-planner';
import { sampleFromSchema } from './sample-from-schema';

const conversation = (promptText: string, extra: Partial<Conversation> = {}): Conversation => ({
  model: 'model-x', promptText, inputText: promptText, tools: [], toolResults: [], wantsReasoning: false, ...extra,
});

describe('directives', () => {
  it('reads every directive and leaves the prompt alone otherwise', () => {
    const directives = parseDirectives('Hi [[tools:a,b]] [[reasoning]] [[long:3]] [[delay:5]] [[chunk-delay:2]] [[cached:4]] [[cache-write:3]] [[cache-write-1h:2]] [[fault:status=500]] [[fixture:openai/openai-text]] [[job:polls=2]]');
    expect(directives).toEqual({ tools: ['a', 'b'], reasoning: true, long: 3, delayMs: 5, chunkDelayMs: 2, cachedTokens: 4, cacheWriteTokens: 3, cacheWrite1hTokens: 2, faults: ['status=500'], fixture: 'openai/openai-text', job: 'polls=2' });
  });

  it('refuses unknown directives and bad counts', () => {
    expect(() => parseDirectives('[[teleport]]')).toThrow(/unknown directive/);
    expect(() => parseDirectives('[[long:many]]')).toThrow(/non-negative integer/);
  });
});

describe('faults', () => {
  it('parses every option', () => {
    expect(parseFaultSpec('status=429,retry-after=3')).toMatchObject({ status: 429, retryAfterSeconds: 3, hang: false });
    expect(parseFaultSpec('malformed-chunk')).toMatchObject({ malformedAt: 1 });
    expect(parseFaultSpec('disconnect-after=4').disconnectAfter).toBe(4);
    expect(parseFaultSpec('hang').hang).toBe(true);
    expect(parseFaultSpec('fail-times=2')).toMatchObject({ failTimes: 2, status: 503, counterKey: 'fail-times=2' });
  });

  it('applies a fail-times fault to the first K requests of its key only', () => {
    const counters = new FailureCounters();
    const outcomes = [1, 2, 3].map(() => selectActiveFault(['fail-times=2,key=k'], counters) !== undefined);
    expect(outcomes).toEqual([true, true, false]);
  });
});

describe('planResponse', () => {
  it('echoes the prompt without directives and counts words as output tokens', () => {
    const plan = planResponse(conversation('Tell me a story about the sea [[long:2]]'), parseDirectives(''), 'k');
    expect(plan.text.join('')).toBe('Simulated answer from model-x: Tell me a story about the sea');
    expect(plan.usage.outputTokens).toBe(plan.text.length);
    expect(plan.finish).toBe('stop');
  });

  it('produces exactly N deltas for [[long:N]]', () => {
    expect(planResponse(conversation('x'), parseDirectives('[[long:40]]'), 'k').text).toHaveLength(40);
  });

  it('is deterministic per request key', () => {
    const directives = parseDirectives('');
    const tools = [{ name: 't', schema: { type: 'object', properties: { a: { type: 'string' } } } }];
    const first = planResponse(conversation('x', { tools, forcedTool: 't' }), directives, 'same');
    expect(planResponse(conversation('x', { tools, forcedTool: 't' }), directives, 'same')).toEqual(first);
    expect(planResponse(conversation('x', { tools, forcedTool: 't' }), directives, 'other').toolCalls[0]!.id).not.toBe(first.toolCalls[0]!.id);
  });

  it('refuses a tool the request does not declare', () => {
    expect(() => planResponse(conversation('x'), parseDirectives('[[tool:ghost]]'), 'k')).toThrow(/does not declare/);
  });
});

describe('sampleFromSchema', () => {
  it('satisfies enums, formats, bounds, references, unions and arrays', () => {
    const schema = {
      type: 'object',
      properties: {
        unit: { enum: ['c', 'f'] },
        when: { type: 'string', format: 'date' },
        count: { type: 'integer', minimum: 3 },
        ratio: { type: ['number', 'null'] },
        place: { $ref: '#/$defs/place' },
        either: { anyOf: [{ type: 'null' }, { type: 'boolean' }] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        kind: { const: 'fixed' },
      },
      $defs: { place: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } },
    };
    expect(sampleFromSchema(schema)).toEqual({
      unit: 'c', when: '2026-01-01', count: 3, ratio: 1, place: { city: 'sample city' }, either: true, tags: ['sample tags', 'sample tags'], kind: 'fixed',
    });
  });
});
