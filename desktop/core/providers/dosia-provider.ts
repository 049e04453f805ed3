/**
 * The Provider slot: one interface every backend DOSIA talks to plugs into (ByteSpike first,
 * then any Anthropic- or OpenAI-compatible URL). Pure types; the agent loop, compare and the
 * desktop UI build on them.
 */
import type { ModelPricing } from '../../../kernel/canonical/model';
import type { CanonicalMessage, TextPart, ToolDefinition } from '../../../kernel/canonical/request';
import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import type { LayerName } from '../layers/layers';

export const PROVIDER_TYPES = ['bytespike', 'anthropic', 'openai'] as const;
/** `bytespike`: the ByteSpike gateway (Anthropic wire + models, credits, generations); the others: any compatible URL. */
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** One entry of `providers.<name>` in settings.json (any layer). */
export interface ProviderConfig {
  readonly name: string;
  readonly type: ProviderType;
  /** Base URL, e.g. `https://api.bytespike.dev`, `http://127.0.0.1:11434/v1`. */
  readonly url: string;
  /** Omitted for local servers that take none (Ollama, vLLM). */
  readonly key?: string;
  /** The layer whose settings.json defines this provider (the narrowest one). */
  readonly layer: LayerName | null;
}

/** A model one provider offers, as its own `/v1/models` reported it. */
export interface DosiaModel {
  /** The id sent upstream (`anthropic/claude-sonnet-4-6` on ByteSpike, `llama3.1` on Ollama). */
  readonly id: string;
  /** The configured provider it came from. */
  readonly provider: string;
  readonly displayName: string;
  /** `chat` unless the provider says otherwise (ByteSpike lists images, embeddings, … too). */
  readonly modality: string;
  /** The upstream vendor behind a ByteSpike model (`anthropic`, `openai`, …), when known. */
  readonly vendor?: string;
  /** Other names the provider accepts for it (ByteSpike: `kimi-k2`, also written `kimi/kimi-k2`). */
  readonly aliases?: readonly string[];
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  /** Integer credits (ByteSpike's extension field), when the provider publishes prices. */
  readonly pricing?: ModelPricing;
}

/** One call of a model: the conversation so far and the tools it may call. */
export interface ChatTurnRequest {
  readonly model: string;
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
  readonly tools: readonly ToolDefinition[];
  readonly maxTokens?: number;
  readonly temperature?: number;
  /**
   * Extra HTTP headers for this call (a skill's `x-bytespike-flags`). The provider's own
   * auth and protocol headers win a clash, so a caller cannot swap the key.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TurnLatency {
  /** From sending the request to the first text, reasoning or tool-call part; null when none came. */
  readonly firstTokenMs: number | null;
  readonly totalMs: number;
}

/** What one model call cost and took, known once its stream has ended. */
export interface TurnMetrics {
  readonly provider: string;
  readonly model: string;
  /** The provider's request id (ByteSpike: the `request-id` header, the key to `generation`). */
  readonly requestId: string | null;
  readonly usage: Usage;
  /** Integer credits, or null when the provider reports none (any non-ByteSpike provider). */
  readonly credits: number | null;
  /** `settled`: the final usage event's `bytespike_credits`; `estimated`: only the `estimated_credits` header came. */
  readonly creditsSource: 'settled' | 'estimated' | null;
  readonly latency: TurnLatency;
  readonly finishReason: FinishReason;
  /** The `bytespike-*` answer headers (what the gateway did: `bytespike-cache`, `bytespike-model`), when any came. */
  readonly gatewayHeaders?: Readonly<Record<string, string>>;
}

/**
 * What a provider's stream yields: the canonical stream parts, then always one `turn-end`
 * with the metrics (after `finish`, or after the `error` part that ended it).
 */
export type TurnPart = StreamPart | { readonly type: 'turn-end'; readonly metrics: TurnMetrics };

/** ByteSpike's settled record of one request (`GET /v1/generation?id=`). */
export interface GenerationRecord {
  readonly id: string;
  readonly model: string;
  readonly status: number;
  readonly usage: Usage;
  readonly credits: number;
  readonly latencyMs: number;
  readonly firstTokenMs: number | null;
}

export interface DosiaProvider {
  readonly name: string;
  readonly type: ProviderType;
  readonly url: string;
  /** Fetches the model list now (never cached here: the slot keeps the cache). */
  listModels(signal?: AbortSignal): Promise<readonly DosiaModel[]>;
  /**
   * Streams one model call. Rejects (BSK_PROVIDER_*) only before the first part: unreachable,
   * invalid key, unknown model. Once parts flow, a failure is an `error` part, then `turn-end`.
   */
  streamTurn(request: ChatTurnRequest, signal?: AbortSignal): Promise<AsyncIterable<TurnPart>>;
  /** ByteSpike only: the settled record of a request. */
  generation?(requestId: string, signal?: AbortSignal): Promise<GenerationRecord>;
}

/** A model list of one provider, or why it could not be fetched. */
export interface ProviderModels {
  readonly provider: string;
  readonly models: readonly DosiaModel[];
  /** Set when the last fetch failed; `models` is then empty. */
  readonly error?: string;
  readonly fetchedAt: string;
}

/** A model id resolved to the provider that serves it. */
export interface ResolvedModel {
  readonly provider: DosiaProvider;
  readonly model: DosiaModel;
}

/**
 * The `providers` capability: every configured provider, Enterprise policy applied, and
 * the model lists (re-fetched on demand and at every session start).
 */
export interface ProviderSlot {
  /** Providers from the merged settings of every layer; denied ones are left out. */
  configs(): readonly ProviderConfig[];
  /** Configured providers the policy refuses, with the reason. */
  denied(): readonly { readonly name: string; readonly reason: string }[];
  /** Configured providers that cannot be used (a bad type or URL, a key that cannot be read), with the reason. */
  unusable(): readonly { readonly name: string; readonly reason: string }[];
  provider(name: string): DosiaProvider;
  /** Re-fetches every provider's model list; vanished models disappear, new ones appear. */
  refreshModels(signal?: AbortSignal): Promise<readonly ProviderModels[]>;
  /** The lists of the last refresh (fetching them first when there was none). Denied models are left out. */
  models(signal?: AbortSignal): Promise<readonly ProviderModels[]>;
  /**
   * `provider:model`, or a model id or alias some provider lists (first configured provider wins).
   * Without an id: the `model` setting, else the first chat model. Throws BSK_PROVIDER_* when
   * nothing serves it or the policy denies it.
   */
  resolveModel(modelId?: string, signal?: AbortSignal): Promise<ResolvedModel>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    providers: ProviderSlot;
  }
}
