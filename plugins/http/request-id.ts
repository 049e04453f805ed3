import { randomUUID } from 'node:crypto';

/**
 * A request id that sorts by time: `req_`, the milliseconds since the epoch in 12 hex digits,
 * then 20 hex digits of a random UUID (32 in all, like the UUID it replaces; `randomUUID` draws
 * from a cached entropy pool, cheaper per call than `randomBytes`). The billing tables are
 * keyed by request id; ids that grow with time land at the right edge of those b-trees, so an
 * insert writes one leaf page instead of splitting pages all over the index.
 */
export function newRequestId(now = Date.now()): string {
  // The UUID's first 20 hex digits are its first four groups (8-4-4-4), read around the dashes.
  const uuid = randomUUID();
  return `req_${now.toString(16).padStart(12, '0')}${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}${uuid.slice(19, 23)}`;
}
