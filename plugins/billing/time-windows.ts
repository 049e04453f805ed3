/** Spend limits and quotas run on UTC calendar days and months. */
export type Period = 'daily' | 'monthly';

export interface PeriodWindow {
  /** ISO start of the current period (inclusive). */
  readonly start: string;
  /** The period's name in spend totals: `day:2025-03-15` or `month:2025-03`. */
  readonly bucket: string;
  /** ISO start of the next period: when the limit resets. */
  readonly resetsAt: string;
}

/** The last window computed for each period: every reservation and settlement asks, and it changes once a day or month. */
const lastWindows = new Map<Period, PeriodWindow & { readonly startMs: number; readonly endMs: number }>();

export function periodWindow(period: Period, now: Date): PeriodWindow {
  const at = now.getTime();
  const last = lastWindows.get(period);
  if (last && at >= last.startMs && at < last.endMs) return last;
  const window = computeWindow(period, now);
  lastWindows.set(period, { ...window, startMs: Date.parse(window.start), endMs: Date.parse(window.resetsAt) });
  return window;
}

function computeWindow(period: Period, now: Date): PeriodWindow {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (period === 'daily') {
    const day = now.getUTCDate();
    const start = new Date(Date.UTC(year, month, day)).toISOString();
    return { start, bucket: `day:${start.slice(0, 10)}`, resetsAt: new Date(Date.UTC(year, month, day + 1)).toISOString() };
  }
  const start = new Date(Date.UTC(year, month, 1)).toISOString();
  return { start, bucket: `month:${start.slice(0, 7)}`, resetsAt: new Date(Date.UTC(year, month + 1, 1)).toISOString() };
}

/** `YYYY-MM` → the month's [start, end) as ISO strings, or null when malformed. */
export function monthRange(month: string): { from: string; to: string } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)).toISOString(), to: new Date(Date.UTC(year, index + 1, 1)).toISOString() };
}
