import type { MemberRow, OrgRow, ReservationRow } from '../store';

/*
 * Orgs, members and reservations are read on every gateway request, so they are read as raw
 * value arrays (better-sqlite3's `raw()`): a row object costs a slow named-property store per
 * column (V8 builds each one slowly through its API), which made these reads about 3 % of a
 * request's main-thread time. Each table's column list
 * and its mapper below stay side by side: the mapper reads the values in that order.
 */
export const ORG_COLUMNS = 'id, name, balance, daily_limit, monthly_limit, created_at';

export function toOrg(values: unknown[]): OrgRow {
  const [id, name, balance, dailyLimit, monthlyLimit, createdAt] = values;
  return { id: id as string, name: name as string, balance: balance as number, dailyLimit: dailyLimit as number | null, monthlyLimit: monthlyLimit as number | null, createdAt: createdAt as string };
}

export const MEMBER_COLUMNS = 'id, org_id, email, role, credits_per_day, credits_per_month, rpm, tpm, created_at';

export function toMember(values: unknown[]): MemberRow {
  const [id, orgId, email, role, creditsPerDay, creditsPerMonth, rpm, tpm, createdAt] = values;
  return {
    id: id as string, orgId: orgId as string, email: email as string, role: role as MemberRow['role'],
    creditsPerDay: creditsPerDay as number | null, creditsPerMonth: creditsPerMonth as number | null, rpm: rpm as number | null, tpm: (tpm as number | null) ?? null, createdAt: createdAt as string,
  };
}

export const RESERVATION_COLUMNS = 'request_id, org_id, member_id, key_id, model, modality, held, status, requested, charged, instance_id, created_at, expires_at, closed_at';
export const RESERVATION_WIDTH = RESERVATION_COLUMNS.split(', ').length;

export function toReservation(values: unknown[]): ReservationRow {
  const [requestId, orgId, memberId, keyId, model, modality, held, status, requested, charged, instanceId, createdAt, expiresAt, closedAt] = values;
  return {
    requestId: requestId as string, orgId: orgId as string, memberId: memberId as string, keyId: keyId as string,
    model: model as string, modality: modality as string, held: held as number, status: status as ReservationRow['status'],
    requested: requested as number | null, charged: charged as number | null, instanceId: instanceId as string,
    createdAt: createdAt as string, expiresAt: expiresAt as string, closedAt: closedAt as string | null,
  };
}

/** A reservation and its org in one read (the settlement's): the reservation's values, then the org's. */
export const RESERVATION_WITH_ORG_COLUMNS = `${RESERVATION_COLUMNS.replace(/\w+/g, 'r.$&')}, ${ORG_COLUMNS.replace(/\w+/g, 'o.$&')}`;
