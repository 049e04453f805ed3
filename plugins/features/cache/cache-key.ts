import { createHash } from 'node:crypto';
import type { ChatCall } from '../../router/chat-middleware';

/** JSON with object keys sorted at every level, so equal requests hash equally whatever their field order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, inner]) => inner !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([name, inner]) => `${JSON.stringify(name)}:${stableStringify(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The entry's key: the org (so orgs never share an entry), every model the request may be
 * answered by (resolved ids, so an alias and the full id meet), and the normalised canonical
 * request (messages, tools, sampling) without the model name as typed, metadata and `stream`:
 * a streamed and a non-streamed request share the entry (the middleware converts).
 */
export function computeCacheKey(call: ChatCall): string {
  const { model: _typedModel, metadata: _metadata, stream: _stream, ...request } = call.request;
  const models = [call.model.id, ...(call.flags.fallback || []).map((name) => call.resolve(name).model.id)];
  const material = stableStringify({ org: call.key.orgId, models, request });
  return `chat:${call.key.orgId}:${createHash('sha256').update(material).digest('hex')}`;
}
