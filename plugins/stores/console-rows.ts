import type { InviteRow, OAuthCodeRow, RedemptionCodeRow, SessionRow, UserRow } from './console-repository';

/** A database row as both drivers return it (column names as written in the migrations). */
export type Row = Record<string, unknown>;

/**
 * Row → record for the Console's tables, shared by the SQLite and PostgreSQL repositories:
 * `Number()` because PostgreSQL returns BIGINT as text, null-safe text for optional columns.
 */
export const nullableText = (value: unknown) => (value === null || value === undefined ? null : (value as string));

export function toUser(row: Row): UserRow {
  return { id: row.id as string, email: row.email as string, passwordHash: row.password_hash as string, createdAt: row.created_at as string };
}

export function toSession(row: Row): SessionRow {
  return {
    idHash: row.id_hash as string, userId: row.user_id as string, memberId: row.member_id as string, csrfToken: row.csrf_token as string,
    createdAt: row.created_at as string, expiresAt: row.expires_at as string,
  };
}

export function toInvite(row: Row): InviteRow {
  return {
    id: row.id as string, orgId: row.org_id as string, email: row.email as string, role: row.role as InviteRow['role'], tokenHash: row.token_hash as string,
    invitedBy: row.invited_by as string, createdAt: row.created_at as string, expiresAt: row.expires_at as string, acceptedAt: nullableText(row.accepted_at),
  };
}

export function toRedemptionCode(row: Row): RedemptionCodeRow {
  return {
    codeHash: row.code_hash as string, credits: Number(row.credits), note: nullableText(row.note), createdAt: row.created_at as string,
    redeemedAt: nullableText(row.redeemed_at), redeemedBy: nullableText(row.redeemed_by),
  };
}

export function toOAuthCode(row: Row): OAuthCodeRow {
  return {
    codeHash: row.code_hash as string, clientId: row.client_id as string, redirectUri: row.redirect_uri as string, codeChallenge: row.code_challenge as string,
    memberId: row.member_id as string, scopes: JSON.parse(row.scopes as string) as string[], deviceName: row.device_name as string,
    createdAt: row.created_at as string, expiresAt: row.expires_at as string, usedAt: nullableText(row.used_at), issuedKeyId: nullableText(row.issued_key_id),
  };
}
