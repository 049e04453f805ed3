import { billingErrors } from './errors';

export const SCOPES = ['chat', 'images', 'videos', 'embeddings', 'rerank', 'skills:publish', 'keys:derive'] as const;
export type Scope = (typeof SCOPES)[number];

/** A model pattern is a gateway id (`anthropic/claude-sonnet-4-6`), a prefix ending in `*` (`anthropic/*`), or `*`. */
const MODEL_PATTERN = /^(\*|[a-z0-9][\w.:-]*\/(\*|[\w.:@-]*[\w.:@-]\*?))$/i;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function isModelPattern(value: string): boolean {
  return MODEL_PATTERN.test(value);
}

/** Does `pattern` admit the model id? */
export function patternMatches(pattern: string, model: string): boolean {
  return pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model;
}

/** True when every model `inner` admits is admitted by `outer`. */
function patternCovers(outer: string, inner: string): boolean {
  return outer.endsWith('*') ? inner.startsWith(outer.slice(0, -1)) : outer === inner;
}

/** `null` allows every model. */
export function modelsAllow(models: readonly string[] | null, model: string): boolean {
  return models === null || models.some((pattern) => patternMatches(pattern, model));
}

export interface KeyLimits {
  readonly scopes: readonly string[];
  readonly models: readonly string[] | null;
  readonly creditLimit: number | null;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly expiresAt: string | null;
}

export interface RequestedLimits {
  readonly scopes?: readonly string[] | undefined;
  readonly models?: readonly string[] | null | undefined;
  readonly creditLimit?: number | null | undefined;
  readonly rpm?: number | null | undefined;
  readonly tpm?: number | null | undefined;
  readonly expiresAt?: string | null | undefined;
}

function widens(param: string, reason: string): never {
  throw billingErrors.create('BSK_KEYS_WIDENS_PARENT', { param, reason });
}

/** A child's numeric bound: inherited when not asked for; refused when unbounded or above a bounded parent. */
function narrowNumber(param: string, parent: number | null, asked: number | null | undefined): number | null {
  if (asked === undefined) return parent;
  if (parent === null) return asked;
  if (asked === null || asked > parent) widens(param, `may be at most ${parent}`);
  return asked;
}

function narrowModels(parent: readonly string[] | null, asked: readonly string[] | null | undefined): readonly string[] | null {
  if (asked === undefined) return parent;
  if (parent === null) return asked;
  if (asked === null) widens('models', `must stay within ${parent.join(', ')}`);
  const outside = asked.find((pattern) => !parent.some((allowed) => patternCovers(allowed, pattern)));
  if (outside !== undefined) widens('models', `"${outside}" is outside ${parent.join(', ')}`);
  return asked;
}

function narrowExpiry(parent: string | null, asked: string | null | undefined): string | null {
  if (asked === undefined) return parent;
  if (parent === null) return asked;
  if (asked === null || Date.parse(asked) > Date.parse(parent)) widens('expires_at', `may be at most ${parent}`);
  return asked;
}

/**
 * The limits of a derived key: what it asks for, checked against its parent in every
 * dimension, and the parent's own limit wherever it asks for nothing.
 */
export function narrowLimits(parent: KeyLimits, asked: RequestedLimits): KeyLimits {
  const scopes = asked.scopes ?? parent.scopes;
  const extra = scopes.find((scope) => !parent.scopes.includes(scope));
  if (extra !== undefined) widens('scopes', `"${extra}" is not a scope of the parent`);
  return {
    scopes,
    models: narrowModels(parent.models, asked.models),
    creditLimit: narrowNumber('credit_limit', parent.creditLimit, asked.creditLimit),
    rpm: narrowNumber('rpm', parent.rpm, asked.rpm),
    tpm: narrowNumber('tpm', parent.tpm, asked.tpm),
    expiresAt: narrowExpiry(parent.expiresAt, asked.expiresAt),
  };
}
