/** Headers every gateway response carries (success or error, streamed or not). */
export function gatewayHeaders(values: { estimatedCredits: number; overheadMs: number; model?: string }): Record<string, string> {
  return {
    estimated_credits: String(values.estimatedCredits),
    'bytespike-overhead-ms': values.overheadMs.toFixed(2),
    ...(values.model ? { 'bytespike-model': values.model } : {}),
  };
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
