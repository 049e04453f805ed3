import type { CreatedKey, KeyInfo, KeyOptions, Member, Org } from '../../billing/accounts-service';
import type { Wallet } from '../../billing/billing-service';
import type { Generation, UsageReport } from '../../billing/usage-reports';
import type { FlagSettings } from '../../features/flags/flag-policy';
import type { MemberQuota } from '../../stores/store';
import type { KeyBody, QuotaBody } from './request-body';

/** The admin API and the CLI speak snake_case JSON; the services speak camelCase. One mapping serves both. */

export function orgJson(org: Org) {
  return { id: org.id, name: org.name, created_at: org.createdAt };
}

export function walletJson(wallet: Wallet) {
  return { org_id: wallet.orgId, balance: wallet.balance, reserved: wallet.reserved, limits: wallet.limits, spent: wallet.spent };
}

export function memberJson(member: Member) {
  return {
    id: member.id, org_id: member.orgId, email: member.email, role: member.role,
    quota: { daily: member.creditsPerDay, monthly: member.creditsPerMonth, rpm: member.rpm, tpm: member.tpm }, created_at: member.createdAt,
  };
}

export function keyJson(key: KeyInfo | CreatedKey) {
  return {
    id: key.id, ...('key' in key ? { key: key.key } : {}), org_id: key.orgId, member_id: key.memberId, parent_id: key.parentId, name: key.name, prefix: key.prefix,
    scopes: key.scopes, models: key.models, credit_limit: key.creditLimit, rpm: key.rpm, tpm: key.tpm, expires_at: key.expiresAt,
    created_at: key.createdAt, revoked_at: key.revokedAt, last_used_at: key.lastUsedAt,
  };
}

export function usageJson(report: UsageReport) {
  return {
    from: report.from, to: report.to, requests: report.requests, total_credits: report.totalCredits,
    data: report.rows.map((row) => ({ day: row.day, model: row.model, member_id: row.memberId, key_id: row.keyId, requests: row.requests, input_tokens: row.inputTokens, output_tokens: row.outputTokens, credits: row.credits })),
  };
}

export function generationJson(generation: Generation) {
  return {
    data: {
      id: generation.requestId, org_id: generation.orgId, member_id: generation.memberId, key_id: generation.keyId, model: generation.model, modality: generation.modality,
      status: generation.status, latency_ms: generation.latencyMs, first_token_ms: generation.firstTokenMs,
      usage: {
        input_tokens: generation.inputTokens, output_tokens: generation.outputTokens, cached_input_tokens: generation.cachedInputTokens, cache_write_tokens: generation.cacheWriteTokens,
        reasoning_tokens: generation.reasoningTokens, images: generation.images, video_seconds: generation.videoSeconds, searches: generation.searches,
      },
      total_credits: generation.credits, flags: generation.flags, created_at: generation.createdAt,
    },
  };
}

export function quotaFromJson(body: QuotaBody): Partial<MemberQuota> {
  return { creditsPerDay: body.daily, creditsPerMonth: body.monthly, rpm: body.rpm, tpm: body.tpm };
}

export function keyOptionsFromJson(body: KeyBody): KeyOptions {
  return { name: body.name, scopes: body.scopes, models: body.models, creditLimit: body.credit_limit, rpm: body.rpm, tpm: body.tpm, expiresAt: body.expires_at };
}

/** An org's or a key's flag settings, every field present. */
export function flagSettingsJson(subject: { org_id: string } | { key_id: string }, settings: FlagSettings) {
  return { ...subject, defaults: settings.defaults ?? {}, forbid: settings.forbid ?? [], caps: settings.caps ?? {} };
}
