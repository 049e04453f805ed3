/** `GET …/usage`: totals grouped by UTC day, model, member and key. */
export interface UsageView {
  readonly from: string;
  readonly to: string;
  readonly requests: number;
  readonly total_credits: number;
  readonly data: readonly { day: string; model: string; member_id: string; key_id: string; requests: number; input_tokens: number; output_tokens: number; credits: number }[];
}

/** One request of the log (`GET …/requests`). */
export interface RequestView {
  readonly id: string;
  readonly member_id: string;
  readonly key_id: string;
  readonly model: string;
  readonly status: number;
  readonly latency_ms: number;
  readonly first_token_ms: number | null;
  readonly usage: { readonly input_tokens: number; readonly output_tokens: number; readonly cached_input_tokens: number };
  readonly total_credits: number;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly created_at: string;
}

/** Sums credits by one dimension of the usage rows, largest first (days in order). */
export function totalsBy(rows: UsageView['data'], dimension: 'day' | 'model' | 'member_id' | 'key_id'): { labels: string[]; values: number[] } {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row[dimension], (totals.get(row[dimension]) ?? 0) + row.credits);
  const entries = [...totals].sort(dimension === 'day' ? ([a], [b]) => a.localeCompare(b) : ([, a], [, b]) => b - a);
  return { labels: entries.map(([label]) => label), values: entries.map(([, value]) => value) };
}
