import type { PeakHours } from '../../kernel/canonical/model';

const MS_PER_MINUTE = 60_000;

/**
 * Whether `at` falls in the peak hours, read on the schedule's own clock: its weekday, hour and
 * date are those of `at` shifted by the schedule's UTC offset (Beijing time has no daylight
 * saving, so a fixed offset is exact).
 */
export function isPeak(peak: PeakHours, at: Date): boolean {
  const local = new Date(at.getTime() + peak.utcOffsetMinutes * MS_PER_MINUTE);
  if (!peak.weekdays.includes(local.getUTCDay())) return false;
  const hour = local.getUTCHours();
  if (!peak.hours.some((range) => hour >= range.from && hour < range.until)) return false;
  return !peak.offPeakDates?.includes(local.toISOString().slice(0, 10));
}
