import { describe, expect, it } from 'vitest';
import { meetsStrictSchemaRules } from './strict-schema-rules';

const closed = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });

describe('meetsStrictSchemaRules', () => {
  it('takes objects that are closed and require every property, at every depth', () => {
    expect(meetsStrictSchemaRules(closed({ city: { type: 'string' }, tags: { type: 'array', items: closed({ name: { type: 'string' } }) } }))).toBe(true);
    expect(meetsStrictSchemaRules({ ...closed({ at: { $ref: '#/$defs/place' } }), $defs: { place: closed({ lat: { type: 'number' } }) } })).toBe(true);
    expect(meetsStrictSchemaRules(closed({ value: { anyOf: [{ type: 'string' }, closed({ n: { type: 'number' } })] } }))).toBe(true);
  });

  it('refuses an object left open or with an optional property, however deep', () => {
    expect(meetsStrictSchemaRules({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] })).toBe(false);
    expect(meetsStrictSchemaRules({ type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city'], additionalProperties: false })).toBe(false);
    expect(meetsStrictSchemaRules(closed({ list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } } }))).toBe(false);
    expect(meetsStrictSchemaRules({ ...closed({}), $defs: { loose: { type: 'object' } } })).toBe(false);
  });
});
