import { describe, expect, it } from 'vitest';
import { compileSchema, type JsonSchema, validateAgainst } from './schema-validator';
import anthropicManifest from '../plugins/providers/anthropic/plugin.json';
import deepseekManifest from '../plugins/providers/deepseek/plugin.json';

describe('compileSchema', () => {
  // A boot reads every manifest twice (the command's plan, then the boot's): each read is a new object.
  it('compiles equal schemas once, whichever object brings them', () => {
    const schema = { type: 'object', properties: { port: { type: 'integer', maximum: 65535 } } };
    expect(compileSchema(structuredClone(schema))).toBe(compileSchema(structuredClone(schema)));
  });

  it('compiles different schemas apart', () => {
    expect(compileSchema({ type: 'integer', maximum: 10 })).not.toBe(compileSchema({ type: 'integer', maximum: 11 }));
  });

  // Inlined, the shared model entry was compiled into every provider's validator: six times per boot.
  it('refers to the shared model entry instead of compiling it into each provider schema', () => {
    for (const manifest of [anthropicManifest, deepseekManifest]) {
      const source = String(compileSchema(structuredClone(manifest.config) as JsonSchema));
      expect(source).toContain('apiKey');
      expect(source).not.toContain('cacheWrite1hPerMTok');
    }
  });
});

describe('validateAgainst through a $ref', () => {
  const schema: JsonSchema = {
    $defs: { limits: { type: 'object', additionalProperties: false, properties: { rpm: { type: 'integer', default: 60 } } } },
    type: 'object',
    properties: { limits: { $ref: '#/$defs/limits', default: {} } },
  };

  it('applies the referenced schema\'s defaults', () => {
    const value = {};
    expect(validateAgainst(schema, value)).toEqual([]);
    expect(value).toEqual({ limits: { rpm: 60 } });
  });

  it('names the fields the referenced schema refuses by their whole path', () => {
    const problems = validateAgainst(schema, { limits: { rpm: 'many', burst: 10 } });
    expect(problems).toContainEqual({ field: 'limits.rpm', reason: 'must be integer' });
    expect(problems).toContainEqual({ field: 'limits.burst', reason: 'is not a known field' });
  });
});
