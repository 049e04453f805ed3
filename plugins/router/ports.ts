import type { BillableUsage } from '../../kernel/canonical/usage';
import type { Modality, ModelPricing } from '../../kernel/canonical/model';
import type { FeatureFlags } from './chat-middleware';

/**
 * What the request path needs from accounts and billing, kept narrow so the pipeline can
 * be read (and tested) without the store behind it. index.ts adapts the real services.
 */
export interface CallerKey {
  readonly keyId: string;
  readonly orgId: string;
  readonly memberId: string;
}

export interface KeyGate<Key extends CallerKey = CallerKey> {
  authenticate(rawKey: string): Promise<Key>;
  /** Throws 403 when the key lacks the scope or may not use the model; 429 when over its rate. */
  admit(key: Key, need: { scope: Modality; model: string }): Promise<void>;
  /** Like `admit` without counting against the rate (for the extra models a flag names, or reading a job's state: no model). */
  authorize(key: Key, need: { scope: Modality; model?: string }): void;
}

/** Where a request's flags come from: the `x-bytespike-flags` header and the `bytespike` body field. */
export interface RequestFlagSources {
  readonly header?: string | undefined;
  /** The `bytespike` field of a JSON body. */
  readonly body?: unknown;
  /** The `bytespike` field of a multipart body: JSON text, as the header is. */
  readonly form?: string | undefined;
}

/** Turns a request's flags into the ones in force: request > key > org, within the org's policy. */
export interface FlagResolver<Key extends CallerKey = CallerKey> {
  resolve(key: Key, sources: RequestFlagSources): Promise<FeatureFlags>;
  /** The flags the request itself asks for (checked, without defaults): what an endpoint must refuse rather than skip. */
  requested(sources: RequestFlagSources): FeatureFlags;
}

export interface SettleInput {
  readonly credits: number;
  readonly usage: BillableUsage;
  readonly model: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly firstTokenMs?: number;
  readonly flags?: Readonly<Record<string, unknown>>;
}

export interface CreditMeter<Key extends CallerKey = CallerKey> {
  /**
   * `tokens`: the request's estimate (prompt + output allowance, a GPT image request's images'
   * output tokens included), held against tokens-per-minute limits until it settles. A wallet
   * too small for `maxCredits` rejects with a 402 whose details carry `available` and `needed`
   * (the chat pipeline reads them to say how large a max_tokens would fit: unaffordable-output.ts).
   */
  reserve(input: { requestId: string; key: Key; model: string; maxCredits: number; modality: Modality; tokens?: number }): Promise<void>;
  /**
   * Returns the credits actually billed. `onCharged` hears the figure once, as soon as it is
   * decided: before the settlement's writes where nothing in this process can see the wallet
   * before them (SQLite), so the caller can answer first; after them otherwise.
   */
  settle(requestId: string, input: SettleInput, onCharged?: (credits: number) => void): Promise<number>;
  release(requestId: string, reason: string): Promise<void>;
}

/** `at` is the moment the request was admitted: a model with off-peak prices costs what it cost then. */
export interface Pricing {
  computeCredits(pricing: ModelPricing, usage: BillableUsage, at?: Date): number;
  estimateMaxCredits(pricing: ModelPricing, input: { inputTokens: number; maxOutputTokens: number }, at?: Date): number;
}

declare module '../../kernel/capabilities' {
  interface Capabilities {
    /** Resolves a request's feature flags (provided by the feature-flags plugin). */
    'feature-flags': FlagResolver;
  }
}
