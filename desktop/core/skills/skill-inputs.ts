import { skillErrors } from './errors';
import type { SkillInput } from './skill-manifest';

export type InputValue = string | number | boolean;

function coerce(skill: string, name: string, input: SkillInput, raw: unknown): InputValue {
  const invalid = (reason: string) => skillErrors.create('BSK_SKILL_INPUT_INVALID', { skill, input: name, reason });
  if (input.type === 'string') {
    if (typeof raw !== 'string') throw invalid(`must be a string, got ${JSON.stringify(raw)}`);
    return raw;
  }
  if (input.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw invalid(`must be true or false, got ${JSON.stringify(raw)}`);
  }
  // Values typed on a command line arrive as strings.
  const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(`must be a number, got ${JSON.stringify(raw)}`);
  if (input.type === 'integer' && !Number.isInteger(number)) throw invalid(`must be an integer, got ${number}`);
  return number;
}

/** The declared inputs with defaults applied and values typed; unknown or missing required inputs are refused. */
export function resolveSkillInputs(skill: string, declared: Readonly<Record<string, SkillInput>>, given: Readonly<Record<string, unknown>>): Record<string, InputValue> {
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw skillErrors.create('BSK_SKILL_INPUT_INVALID', { skill, input: name, reason: 'is not declared by the skill' });
  }
  const resolved: Record<string, InputValue> = {};
  for (const [name, input] of Object.entries(declared)) {
    const raw = given[name] ?? input.default;
    if (raw === undefined) {
      if (input.required) throw skillErrors.create('BSK_SKILL_INPUT_INVALID', { skill, input: name, reason: 'is required and has no default' });
      continue;
    }
    const value = coerce(skill, name, input, raw);
    if (input.enum && !input.enum.includes(value as string | number)) throw skillErrors.create('BSK_SKILL_INPUT_INVALID', { skill, input: name, reason: `must be one of ${input.enum.join(', ')}` });
    resolved[name] = value;
  }
  return resolved;
}
