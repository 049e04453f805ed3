import { randomBytes } from 'node:crypto';
import { billingErrors } from './errors';

/**
 * The largest amount accepted anywhere (a top-up, a limit, a reservation): 10^15 credits,
 * a billion USD. It keeps every sum the ledger can reach far inside 2^53, where JavaScript
 * numbers are still exact integers.
 */
export const MAX_CREDITS = 1_000_000_000_000_000;

/** Refuses anything but an integer in [minimum, MAX_CREDITS]; money never rounds silently. */
export function assertCredits(param: string, value: unknown, minimum = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > MAX_CREDITS) {
    throw billingErrors.create('BSK_BILLING_INVALID_AMOUNT', { param, value: String(value), minimum, maximum: MAX_CREDITS });
  }
  return value;
}

/** A nullable limit: null means none. */
export function assertOptionalCredits(param: string, value: unknown): number | null {
  return value === null ? null : assertCredits(param, value);
}

/** `org_3f9a…`: a prefix saying what it names, and 96 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
