import type { MalformedEvent } from '../../../kernel/canonical/provider';

/** What a passthrough tap reports of a stream event whose data is not JSON. */
export function malformedEvent(data: string): MalformedEvent {
  return { data, error: { kind: 'malformed-response', message: `a stream event is not JSON: ${data.slice(0, 100)}` } };
}
