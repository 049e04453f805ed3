/**
 * Small typed readers for wire request bodies. Each front-end creates one with its own
 * error factory, so a bad field becomes that protocol's 400 naming the exact field
 * (`messages.2.content.0.type`). Hand-written rather than one big ajv schema because the
 * bodies are discriminated unions where ajv's `oneOf` reports name every branch but the
 * one that matters.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** Builds the error a front-end throws for `param` (a dotted path; `(root)` for the body). */
export type InvalidFieldError = (param: string, reason: string) => Error;

export interface WireReader {
  fail(param: string, reason: string): never;
  object(value: unknown, param: string): JsonObject;
  array(value: unknown, param: string): readonly unknown[];
  string(value: unknown, param: string): string;
  optionalString(value: unknown, param: string): string | undefined;
  optionalBoolean(value: unknown, param: string): boolean | undefined;
  optionalNumber(value: unknown, param: string, bounds?: NumberBounds): number | undefined;
  /** A string from a fixed set; undefined when absent. */
  optionalChoice<const Choice extends string>(value: unknown, param: string, choices: readonly Choice[]): Choice | undefined;
}

export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** `messages` + `2` → `messages.2`; the body itself is `(root)`. */
export function fieldPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/**
 * An optional field left out. OpenAI's API types its optional fields nullable (`| null` in the
 * official `openai` package), and clients generated from its spec send `null` for "not given":
 * null means the default, exactly as an absent field does.
 */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function mismatch(expected: string, value: unknown): string {
  return value === undefined ? 'is required' : `must be ${expected}, got ${describeType(value)}`;
}

function checkBounds(reader: WireReader, value: number, param: string, bounds: NumberBounds): number {
  if (bounds.integer && !Number.isInteger(value)) reader.fail(param, 'must be an integer');
  if (bounds.min !== undefined && value < bounds.min) reader.fail(param, `must be at least ${bounds.min}`);
  if (bounds.max !== undefined && value > bounds.max) reader.fail(param, `must be at most ${bounds.max}`);
  return value;
}

export function createWireReader(invalid: InvalidFieldError): WireReader {
  const reader: WireReader = {
    fail(param, reason) {
      throw invalid(param === '' ? '(root)' : param, reason);
    },
    object(value, param) {
      return isJsonObject(value) ? value : reader.fail(param, mismatch('an object', value));
    },
    array(value, param) {
      return Array.isArray(value) ? value : reader.fail(param, mismatch('an array', value));
    },
    string(value, param) {
      return typeof value === 'string' ? value : reader.fail(param, mismatch('a string', value));
    },
    optionalString(value, param) {
      return isAbsent(value) ? undefined : reader.string(value, param);
    },
    optionalBoolean(value, param) {
      if (isAbsent(value)) return undefined;
      return typeof value === 'boolean' ? value : reader.fail(param, mismatch('a boolean', value));
    },
    optionalNumber(value, param, bounds = {}) {
      if (isAbsent(value)) return undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) return reader.fail(param, mismatch('a number', value));
      return checkBounds(reader, value, param, bounds);
    },
    optionalChoice(value, param, choices) {
      if (isAbsent(value)) return undefined;
      if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as (typeof choices)[number];
      return reader.fail(param, `must be one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
    },
  };
  return reader;
}
