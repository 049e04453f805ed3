import type { ModelInfo } from '../../../kernel/canonical/model';
import { retirementOf } from '../../../kernel/canonical/model-lifecycle';

/**
 * Headers every gateway response carries (success or error, streamed or not), set on `headers`
 * (after what it holds, overriding any of the same name) and returned: a caller with headers of
 * its own hands over a fresh copy of them instead of spreading both into another object. A model
 * its provider has set a retirement for adds `sunset` (and `deprecation` when known), worked out
 * at boot (model-lifecycle.ts).
 */
export function gatewayHeaders(values: { estimatedCredits: number; overheadMs: number; model?: ModelInfo }, headers: Record<string, string> = {}): Record<string, string> {
  headers.estimated_credits = String(values.estimatedCredits);
  headers['bytespike-overhead-ms'] = values.overheadMs.toFixed(2);
  if (values.model) {
    headers['bytespike-model'] = values.model.id;
    if (values.model.retiresAt !== undefined) Object.assign(headers, retirementOf(values.model)!.headers);
  }
  return headers;
}

/** Client headers a native passthrough forwards upstream. */
export function forwardableHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = headers[name];
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

/** The raw `x-bytespike-flags` header (JSON), parsed and checked by the router's flag resolver. */
export function readFlagsHeader(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers['x-bytespike-flags'];
  return Array.isArray(value) ? value.join(',') : value;
}
