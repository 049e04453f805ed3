import { modelsErrors } from './errors';

/** Anthropic's list pagination: `limit` (1-1000), and one cursor, `after_id` or `before_id`. */
export interface PageQuery {
  readonly limit: number | undefined;
  readonly afterId: string | undefined;
  readonly beforeId: string | undefined;
}

const MAX_LIMIT = 1000;

function invalid(param: string, reason: string): never {
  throw modelsErrors.create('BSK_MODELS_INVALID_QUERY', { param, reason });
}

function optionalString(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') return invalid(name, 'must be a model id given once');
  return value;
}

export function readPageQuery(query: unknown): PageQuery {
  const fields = (query ?? {}) as Record<string, unknown>;
  const rawLimit = fields.limit;
  let limit: number | undefined;
  if (rawLimit !== undefined) {
    limit = typeof rawLimit === 'string' && /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) invalid('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const afterId = optionalString(fields, 'after_id');
  const beforeId = optionalString(fields, 'before_id');
  if (afterId !== undefined && beforeId !== undefined) invalid('before_id', 'give after_id or before_id, not both');
  return { limit, afterId, beforeId };
}

/**
 * One page of `items` (in list order) and whether more lie beyond it in the direction read.
 * Without a limit the page runs to the end (Anthropic's API defaults to 20; clients that do not
 * paginate get the whole list here). A cursor that names no listed model is refused.
 */
export function pageOf<T extends { readonly id: string }>(items: readonly T[], query: PageQuery): { page: T[]; hasMore: boolean } {
  const indexOf = (param: string, id: string) => {
    const index = items.findIndex((item) => item.id === id);
    return index >= 0 ? index : invalid(param, `"${id}" is not a model in this list`);
  };
  const limit = query.limit ?? items.length;
  if (query.beforeId !== undefined) {
    const end = indexOf('before_id', query.beforeId);
    const start = Math.max(0, end - limit);
    return { page: items.slice(start, end), hasMore: start > 0 };
  }
  const start = query.afterId === undefined ? 0 : indexOf('after_id', query.afterId) + 1;
  return { page: items.slice(start, start + limit), hasMore: start + limit < items.length };
}
