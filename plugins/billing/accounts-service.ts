import type { KeyRow, MemberQuota, MemberRole, MemberRow, OrgRow, Store } from '../stores/store';
import { digestsEqual, displayPrefix, generateRawKey, hashRawKey, looksLikeRawKey, newServerSecret } from './api-key-secret';
import { assertCredits, newId } from './credit-amount';
import { billingErrors } from './errors';
import { isModelPattern, isScope, type KeyLimits, modelsAllow, narrowLimits, type RequestedLimits, SCOPES, type Scope } from './key-policy';
import { type ClusterBus, createLocalBus } from '../stores/cluster-bus';
import { createAuthenticatedKeyCache } from './authenticated-key-cache';
import { type RateLimit, type RateLimiter, rateGroupOf } from './rate-limiter';
import { createTokenLimits } from './token-limits';

export type { Scope };
export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];

/** Who is calling: a live key (itself and every ancestor unrevoked and unexpired). */
export interface AuthenticatedKey {
  readonly keyId: string;
  readonly orgId: string;
  readonly memberId: string;
  readonly role: MemberRole;
  readonly parentId: string | null;
  readonly scopes: readonly Scope[];
  /** Allowed model ids/patterns; null = any model. */
  readonly models: readonly string[] | null;
  readonly creditLimit: number | null;
  readonly rpm: number | null;
  /** The owning member's requests-per-minute quota. */
  readonly memberRpm: number | null;
  /** Tokens per minute of the key and of its member (absent: no limit). */
  readonly tpm?: number | null;
  readonly memberTpm?: number | null;
  readonly prefix: string;
  readonly name: string;
}

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export type Member = MemberRow;

/** A key as listings show it: never the hash, never the raw key. */
export type KeyInfo = Omit<KeyRow, 'hash'>;

/** The one time a raw key is visible. */
export interface CreatedKey extends KeyInfo {
  readonly key: string;
}

export interface KeyOptions extends RequestedLimits {
  readonly name: string;
}

export interface AccountsService {
  authenticate(rawKey: string): Promise<AuthenticatedKey>;
  authorize(key: AuthenticatedKey, need: { scope: Scope; model?: string }): void;
  /** Counts the request against the key's and the member's requests-per-minute limits (shared across instances with Redis). */
  checkRate(key: AuthenticatedKey): Promise<void>;
  /** Holds the request's estimated tokens against the key's and the member's tokens-per-minute limits (429 when over). */
  reserveTokens(key: AuthenticatedKey, requestId: string, tokens: number): Promise<void>;
  /** Corrects a `reserveTokens` hold to the tokens the request used (0 when it failed). */
  settleTokens(requestId: string, tokens: number): Promise<void>;
  createOrg(input: { name: string }): Promise<Org>;
  getOrg(orgId: string): Promise<Org>;
  addMember(orgId: string, input: { email: string; role: MemberRole; quota?: Partial<MemberQuota> }): Promise<Member>;
  updateQuota(memberId: string, quota: Partial<MemberQuota>): Promise<Member>;
  getMember(memberId: string): Promise<Member>;
  createKey(memberId: string, options: KeyOptions): Promise<CreatedKey>;
  deriveKey(parent: AuthenticatedKey, options: KeyOptions): Promise<CreatedKey>;
  /** Revokes the key and all its descendants. With `holder`, only keys the holder may manage (`keysVisibleTo`). */
  revokeKey(keyId: string, holder?: AuthenticatedKey): Promise<{ revoked: string[] }>;
  listKeys(filter: { orgId: string; memberId?: string }): Promise<KeyInfo[]>;
  /** The keys the holder may list and revoke: the whole org when it `managesWholeOrg`, otherwise itself and its descendants. */
  keysVisibleTo(holder: AuthenticatedKey): Promise<KeyInfo[]>;
  /** Root keys of owners and admins see the whole org's usage and generations. */
  seesWholeOrg(holder: AuthenticatedKey): boolean;
  /**
   * Root keys of owners and admins that hold `keys:derive` manage every key of the org: a key
   * given only `embeddings` serves embeddings, and must not list or revoke the org's other keys.
   */
  managesWholeOrg(holder: AuthenticatedKey): boolean;
  touch(keyId: string): Promise<void>;
  /** Call after changing a member outside this service (role, suspension): every instance drops its cached keys of that member. */
  invalidateMember(memberId: string): Promise<void>;
  /** Stops listening for broadcasts. */
  dispose(): void;
}

export interface AccountsDependencies {
  readonly store: Store;
  readonly rateLimiter: RateLimiter;
  readonly now?: () => Date;
  /** Carries revocations and member changes to every instance; in-process when absent. */
  readonly bus?: ClusterBus;
  /**
   * How long an authenticated key may be served from memory (0 looks every request up).
   * Default: 30 s on a store with `dataVersion` (SQLite: any change another process commits
   * empties the cache before the next lookup), 0 otherwise (there, set it with Redis).
   */
  readonly authCacheSeconds?: number;
}

const RATE_WINDOW_MS = 60_000;
/** The auth cache's time to live where the store itself reports other processes' changes. */
const SHARED_FILE_AUTH_CACHE_SECONDS = 30;
/** last_used_at is advisory: writing it at most once a minute per key saves a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

function invalid(param: string, reason: string): never {
  throw billingErrors.create('BSK_ACCOUNTS_INVALID_INPUT', { param, reason });
}

function checkName(param: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim() || value.length > 200) invalid(param, 'must be a non-empty string of at most 200 characters');
  return value.trim();
}

function checkQuota(current: MemberQuota, asked: Partial<MemberQuota>): MemberQuota {
  const pick = (param: string, value: number | null | undefined, fallback: number | null, minimum: number) =>
    value === undefined ? fallback : value === null ? null : assertCredits(param, value, minimum);
  return {
    creditsPerDay: pick('quota.daily', asked.creditsPerDay, current.creditsPerDay, 0),
    creditsPerMonth: pick('quota.monthly', asked.creditsPerMonth, current.creditsPerMonth, 0),
    rpm: pick('quota.rpm', asked.rpm, current.rpm, 1),
    tpm: pick('quota.tpm', asked.tpm, current.tpm, 1),
  };
}

/** Validates the shape of requested limits (the parent check comes after, for derived keys). */
function checkRequestedLimits(options: KeyOptions, now: Date): void {
  checkName('name', options.name);
  for (const scope of options.scopes ?? []) if (!isScope(scope)) invalid('scopes', `"${scope}" is not one of ${SCOPES.join(', ')}`);
  if (options.scopes && !options.scopes.length) invalid('scopes', 'must list at least one scope (omit it for all)');
  for (const pattern of options.models ?? []) if (!isModelPattern(pattern)) invalid('models', `"${pattern}" is not a model id (provider/model) or pattern (provider/*)`);
  if (options.creditLimit !== undefined && options.creditLimit !== null) assertCredits('credit_limit', options.creditLimit);
  if (options.rpm !== undefined && options.rpm !== null) assertCredits('rpm', options.rpm, 1);
  if (options.tpm !== undefined && options.tpm !== null) assertCredits('tpm', options.tpm, 1);
  if (options.expiresAt !== undefined && options.expiresAt !== null) {
    const at = Date.parse(options.expiresAt);
    if (!Number.isFinite(at)) invalid('expires_at', 'must be an ISO-8601 date-time');
    if (at <= now.getTime()) invalid('expires_at', 'must be in the future');
  }
}

export async function found<T>(lookup: Promise<T | null>, notFound: () => Error): Promise<T> {
  const value = await lookup;
  if (value === null) throw notFound();
  return value;
}

function toKeyInfo(row: KeyRow): KeyInfo {
  const { hash: _hash, ...info } = row;
  return info;
}

function isLive(row: KeyRow, now: Date): boolean {
  return row.revokedAt === null && (row.expiresAt === null || Date.parse(row.expiresAt) > now.getTime());
}

export async function createAccountsService(dependencies: AccountsDependencies): Promise<AccountsService> {
  const { store, rateLimiter } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  const authCacheSeconds = dependencies.authCacheSeconds ?? (store.dataVersion ? SHARED_FILE_AUTH_CACHE_SECONDS : 0);
  const cache = createAuthenticatedKeyCache({ bus: dependencies.bus ?? createLocalBus(), ttlMs: authCacheSeconds * 1000, now: () => now().getTime() });
  let seenDataVersion = store.dataVersion?.();
  /** A revocation or member change another process committed (`bytespike admin` on the same file) reached no broadcast: start over. */
  const forgetIfChangedElsewhere = () => {
    const version = store.dataVersion?.();
    if (version === seenDataVersion) return;
    seenDataVersion = version;
    cache.clear();
  };
  const secret = await store.ensureSetting('api_key_hmac_secret', newServerSecret());
  const tokenLimits = createTokenLimits({ rateLimiter, now: () => now().getTime() });

  const requireOrg = (orgId: string): Promise<OrgRow> => found(store.getOrg(orgId), () => billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId }));
  const requireMember = (memberId: string): Promise<MemberRow> => found(store.getMember(memberId), () => billingErrors.create('BSK_ACCOUNTS_MEMBER_NOT_FOUND', { memberId }));

  const insertKey = async (member: MemberRow, parentId: string | null, name: string, limits: KeyLimits): Promise<CreatedKey> => {
    const rawKey = generateRawKey();
    const row: KeyRow = {
      id: newId('key'), orgId: member.orgId, memberId: member.id, parentId, name: name.trim(), prefix: displayPrefix(rawKey), hash: hashRawKey(secret, rawKey),
      ...limits, createdAt: now().toISOString(), revokedAt: null, lastUsedAt: null,
    };
    await store.insertKey(row);
    return { ...toKeyInfo(row), key: rawKey };
  };

  const service: AccountsService = {
    async authenticate(rawKey) {
      if (!rawKey) throw billingErrors.create('BSK_AUTH_KEY_MISSING');
      const digest = hashRawKey(secret, rawKey);
      forgetIfChangedElsewhere();
      const cached = cache.get(digest);
      if (cached) return cached;
      const row = looksLikeRawKey(rawKey) ? await store.findKeyByHash(digest) : null;
      if (!row || !digestsEqual(row.hash, digest)) throw billingErrors.create('BSK_AUTH_KEY_INVALID');
      const at = now();
      const chain = await store.listKeyChain(row.id);
      if (!chain.every((link) => isLive(link, at))) throw billingErrors.create('BSK_AUTH_KEY_INVALID');
      const member = await requireMember(row.memberId);
      // A suspended member's keys stop working until the suspension is lifted (nothing is revoked).
      if (await store.isMemberSuspended(member.id)) throw billingErrors.create('BSK_AUTH_KEY_INVALID');
      if (row.lastUsedAt === null || at.getTime() - Date.parse(row.lastUsedAt) >= TOUCH_INTERVAL_MS) await store.touchKey(row.id, at.toISOString());
      const key: AuthenticatedKey = {
        keyId: row.id, orgId: row.orgId, memberId: row.memberId, role: member.role, parentId: row.parentId, scopes: row.scopes as Scope[], models: row.models,
        creditLimit: row.creditLimit, rpm: row.rpm, memberRpm: member.rpm, tpm: row.tpm, memberTpm: member.tpm, prefix: row.prefix, name: row.name,
      };
      cache.set(digest, key, Math.min(...chain.map((link) => (link.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(link.expiresAt)))));
      return key;
    },

    authorize(key, need) {
      if (!key.scopes.includes(need.scope)) throw billingErrors.create('BSK_AUTH_SCOPE_DENIED', { scope: need.scope });
      if (need.model !== undefined && !modelsAllow(key.models, need.model)) throw billingErrors.create('BSK_AUTH_MODEL_DENIED', { model: need.model, allowed: key.models?.join(', ') ?? '' });
    },

    async checkRate(key) {
      const limits: (RateLimit & { code: 'BSK_RATE_KEY_RPM' | 'BSK_RATE_MEMBER_RPM' })[] = [];
      if (key.rpm !== null) limits.push({ subject: `key:${key.keyId}`, limit: key.rpm, windowMs: RATE_WINDOW_MS, code: 'BSK_RATE_KEY_RPM' });
      if (key.memberRpm !== null) limits.push({ subject: `member:${key.memberId}`, limit: key.memberRpm, windowMs: RATE_WINDOW_MS, code: 'BSK_RATE_MEMBER_RPM' });
      if (!limits.length) return;
      const decision = await rateLimiter.take(limits, { group: rateGroupOf(key) });
      if (decision.allowed) return;
      const refused = limits[decision.refusedBy ?? 0]!;
      const resetsAt = new Date(now().getTime() + decision.retryAfterSeconds * 1000).toISOString();
      throw billingErrors.create(refused.code, { limit: refused.limit, memberId: key.memberId, keyId: key.keyId, retryAfterSeconds: decision.retryAfterSeconds, resetsAt });
    },

    reserveTokens: (key, requestId, tokens) => tokenLimits.reserve(key, requestId, tokens),
    settleTokens: (requestId, tokens) => tokenLimits.settle(requestId, tokens),

    async createOrg(input) {
      const org = { id: newId('org'), name: checkName('name', input.name), dailyLimit: null, monthlyLimit: null, createdAt: now().toISOString() };
      await store.insertOrg(org);
      return { id: org.id, name: org.name, createdAt: org.createdAt };
    },

    async getOrg(orgId) {
      const org = await requireOrg(orgId);
      return { id: org.id, name: org.name, createdAt: org.createdAt };
    },

    async addMember(orgId, input) {
      const email = checkName('email', input.email).toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) invalid('email', 'must be an email address');
      if (!MEMBER_ROLES.includes(input.role)) invalid('role', `must be one of ${MEMBER_ROLES.join(', ')}`);
      const quota = checkQuota({ creditsPerDay: null, creditsPerMonth: null, rpm: null, tpm: null }, input.quota ?? {});
      return store.transaction(async (tx) => {
        if (!(await tx.getOrg(orgId))) throw billingErrors.create('BSK_ACCOUNTS_ORG_NOT_FOUND', { orgId });
        if (await tx.findMemberByEmail(orgId, email)) throw billingErrors.create('BSK_ACCOUNTS_MEMBER_EXISTS', { orgId, email });
        const member: MemberRow = { id: newId('mem'), orgId, email, role: input.role, ...quota, createdAt: now().toISOString() };
        await tx.insertMember(member);
        return member;
      });
    },

    async updateQuota(memberId, asked) {
      const member = await requireMember(memberId);
      const quota = checkQuota(member, asked);
      await store.updateMemberQuota(memberId, quota);
      await cache.broadcast({ type: 'member-changed', memberId });
      return { ...member, ...quota };
    },

    getMember: requireMember,

    async createKey(memberId, options) {
      checkRequestedLimits(options, now());
      const member = await requireMember(memberId);
      return insertKey(member, null, options.name, {
        scopes: options.scopes ?? SCOPES, models: options.models ?? null, creditLimit: options.creditLimit ?? null, rpm: options.rpm ?? null, tpm: options.tpm ?? null, expiresAt: options.expiresAt ?? null,
      });
    },

    async deriveKey(parent, options) {
      service.authorize(parent, { scope: 'keys:derive' });
      checkRequestedLimits(options, now());
      const parentRow = await found(store.getKey(parent.keyId), () => billingErrors.create('BSK_KEYS_NOT_FOUND', { keyId: parent.keyId }));
      return insertKey(await requireMember(parent.memberId), parent.keyId, options.name, narrowLimits(parentRow, options));
    },

    async revokeKey(keyId, holder) {
      const key = await store.getKey(keyId);
      const visible = key && (!holder || (service.managesWholeOrg(holder) ? key.orgId === holder.orgId : (await store.listKeyChain(keyId)).some((link) => link.id === holder.keyId)));
      if (!visible) throw billingErrors.create('BSK_KEYS_NOT_FOUND', { keyId });
      const revoked = await store.revokeKeyTree(keyId, now().toISOString());
      // Already-revoked descendants are not in `revoked` but were never cached as live; the key itself always is named.
      await cache.broadcast({ type: 'keys-revoked', keyIds: [keyId, ...revoked] });
      return { revoked };
    },

    listKeys: async (filter) => (await store.listKeys(filter)).map(toKeyInfo),

    async keysVisibleTo(holder) {
      const rows = service.managesWholeOrg(holder) ? await store.listKeys({ orgId: holder.orgId }) : await store.listKeyTree(holder.keyId);
      return rows.map(toKeyInfo);
    },

    seesWholeOrg: (holder) => holder.parentId === null && holder.role !== 'member',
    managesWholeOrg: (holder) => service.seesWholeOrg(holder) && holder.scopes.includes('keys:derive'),

    touch: (keyId) => store.touchKey(keyId, now().toISOString()),
    invalidateMember: (memberId) => cache.broadcast({ type: 'member-changed', memberId }),
    dispose: () => cache.dispose(),
  };
  return service;
}
