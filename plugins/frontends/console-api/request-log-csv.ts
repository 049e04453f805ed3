import type { RequestLogRow } from '../../stores/store';
import { csvCell } from '../admin/invoice-csv';

const csvLine = (cells: readonly (string | number)[]) => cells.map(csvCell).join(',');

const HEADER = ['created_at', 'request_id', 'status', 'model', 'member_id', 'key_id', 'latency_ms', 'first_token_ms', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'credits', 'cache', 'fallback', 'flags'];

/** The request log as the Console exports it: one row per request, flags as JSON in the last column. */
export function formatRequestLogCsv(rows: readonly RequestLogRow[]): string {
  const lines = [csvLine(HEADER)];
  for (const row of rows) {
    lines.push(csvLine([
      row.createdAt, row.requestId, row.status, row.model, row.memberId, row.keyId, row.latencyMs, row.firstTokenMs ?? '', row.inputTokens, row.outputTokens,
      row.cachedInputTokens, row.credits, cacheFlag(row.flags), fallbackFlag(row.flags), JSON.stringify(row.flags),
    ]));
  }
  return lines.join('\r\n') + '\r\n';
}

/** `hit` or `miss` as the cache feature noted it; empty when the cache was not asked for. */
export function cacheFlag(flags: Readonly<Record<string, unknown>>): string {
  return typeof flags.cache === 'string' ? flags.cache : '';
}

/** The models that failed before a fallback answered (the fallback feature's note), space-separated. */
export function fallbackFlag(flags: Readonly<Record<string, unknown>>): string {
  return Array.isArray(flags.fallback_from) ? flags.fallback_from.map(String).join(' ') : '';
}
