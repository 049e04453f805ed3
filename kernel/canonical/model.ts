import type { WireProtocol } from './provider';
import type { ModelReasoningEffort } from './request';
/** What a model is for; each modality has its own endpoint, key scope and price unit. */
export type Modality = 'chat' | 'embeddings' | 'images' | 'videos' | 'rerank';

export type ModelCapability = 'tools' | 'vision' | 'reasoning' | 'json-mode' | 'json-schema' | 'documents' | 'prompt-cache' | 'streaming';

/**
 * Prices in integer credits (1 credit = 1 micro-USD). Token prices are per million
 * tokens, so "$3 / MTok" is `3_000_000`; cost = ceil(sum(tokens x price) / 1e6).
 */
export interface ModelPricing {
  readonly inputPerMTok?: number;
  readonly outputPerMTok?: number;
  /** Cache reads; defaults to `inputPerMTok` when absent. */
  readonly cachedInputPerMTok?: number;
  /** Cache writes; defaults to `inputPerMTok` when absent. */
  readonly cacheWritePerMTok?: number;
  /** Cache writes to a one-hour cache (Anthropic: twice the input price); defaults to `cacheWritePerMTok`. */
  readonly cacheWrite1hPerMTok?: number;
  /** Image tokens of a prompt (GPT image models' images to edit); defaults to `inputPerMTok`. */
  readonly imageInputPerMTok?: number;
  /**
   * An image of the model's default quality and size; the listed price. A model priced by
   * tokens (GPT image models) bills it only when the upstream reports no tokens: its estimate.
   */
  readonly perImage?: number;
  /**
   * Images priced by what is asked, quality then size (`{"hd": {"1792x1024": 120000}}`); wins
   * over `perImage`. An `auto` quality or size is held at the dearest price it could become.
   */
  readonly perImageByQuality?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /**
   * A model that bills its images by output tokens (GPT image models): the tokens one image
   * takes, quality then size (`{"high": {"1024x1536": 6240}}`), as the provider documents them
   * (GPT Image 1 and 1 mini: https://developers.openai.com/api/docs/guides/image-generation,
   * "Models prior to gpt-image-2"). The bill is what the upstream reports; this is what the hold
   * counts, an `auto` quality or size at the most it could become.
   */
  readonly outputTokensPerImageByQuality?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /**
   * The image input tokens `input_fidelity: "high"` adds to each image to edit, by the image's
   * shape: OpenAI adds a set number for GPT Image 1, 4,160 for a square image and 6,240 for one
   * closer to portrait or landscape (https://developers.openai.com/api/docs/guides/images-vision,
   * "Calculating costs", GPT Image 1). Absent, the model has no high fidelity to add.
   */
  readonly highInputFidelityTokensPerImage?: Readonly<Record<ImageShapeClass, number>>;
  /** The output tokens one image is held for: `priceForShape` sets it from `outputTokensPerImageByQuality`. */
  readonly outputTokensPerImage?: number;
  /** A second of video of the model's default size; the listed price. */
  readonly perVideoSecond?: number;
  /** Video seconds priced by size (`{"1792x1024": 500000}`); wins over `perVideoSecond`. */
  readonly perVideoSecondBySize?: Readonly<Record<string, number>>;
  readonly perSearch?: number;
  /**
   * Dearer token prices for a request whose prompt (cache reads and writes included) is longer
   * than `aboveInputTokens`: Gemini's Pro models and Claude's 1M-token context charge the whole
   * request at them. A price not given here stays the base one.
   */
  readonly longContext?: LongContextPricing;
  /**
   * Cheaper token prices outside the upstream's peak hours (DeepSeek bills half its listed price
   * then). The listed prices above are the peak ones; a price not given here stays the listed
   * one. A request is billed at the prices of the moment it was admitted, hold and bill alike.
   */
  readonly offPeak?: OffPeakPricing;
  /**
   * Token prices that take over on a known date (Gemini 3.8 Flash's introductory prices end on
   * 2026-12-31), oldest first. The prices above are those before the first change; a price a change
   * does not give stays what it was. A request is billed at the prices of the moment it was
   * admitted, hold and bill alike; the other prices (long context, off-peak) stay as listed.
   */
  readonly priceChanges?: readonly PriceChange[];
}

/** Token prices in effect from `from`, 00:00 UTC (YYYY-MM-DD), until the next change. Integer credits, as the listed ones. */
export interface PriceChange {
  readonly from: string;
  readonly inputPerMTok?: number;
  readonly outputPerMTok?: number;
  readonly cachedInputPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly cacheWrite1hPerMTok?: number;
}

/** How OpenAI classes an input image by its aspect: square, or closer to portrait or landscape. */
export type ImageShapeClass = 'square' | 'portrait' | 'landscape';

export interface LongContextPricing {
  readonly aboveInputTokens: number;
  readonly inputPerMTok?: number;
  readonly outputPerMTok?: number;
  readonly cachedInputPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly cacheWrite1hPerMTok?: number;
}

/** Token prices outside peak hours, and when the peak hours are. Integer credits, as the listed ones. */
export interface OffPeakPricing {
  readonly inputPerMTok?: number;
  readonly outputPerMTok?: number;
  readonly cachedInputPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly cacheWrite1hPerMTok?: number;
  readonly peak: PeakHours;
}

/**
 * When the listed prices apply, on the upstream's own clock: DeepSeek states its peak hours in
 * Beijing time (9:00-12:00 and 14:00-18:00, Monday to Friday), and the days it exempts (Chinese
 * public holidays) are Beijing dates, so the schedule keeps that clock rather than UTC.
 */
export interface PeakHours {
  /** The schedule's clock, in minutes ahead of UTC (Beijing time: 480). */
  readonly utcOffsetMinutes: number;
  /** Days of the week on that clock, 0 = Sunday to 6 = Saturday. */
  readonly weekdays: readonly number[];
  /** Hour ranges on that clock, `from` included and `until` not: `[{from: 9, until: 12}, {from: 14, until: 18}]`. */
  readonly hours: readonly { readonly from: number; readonly until: number }[];
  /** Dates on that clock (YYYY-MM-DD) that are off-peak all day: the upstream's holidays, which the gateway cannot know by itself. */
  readonly offPeakDates?: readonly string[];
}

/**
 * The thinking mode a catalog entry fixes: the entry is its own id for its upstream model in one
 * mode, whatever the request asks. DeepSeek retired `deepseek-chat` and `deepseek-reasoner`, the
 * names of its model with thinking off and on; the gateway keeps them as such entries.
 */
export type ThinkingMode = 'enabled' | 'disabled';

/** One entry of a provider's model catalog. Catalogs are data (JSON) in each provider's folder. */
export interface ModelInfo {
  /** Gateway id, always `provider/model`, e.g. `anthropic/claude-sonnet-4-5`. */
  readonly id: string;
  /** Provider instance name (the `provider` part of `id`). */
  readonly provider: string;
  /** The id sent upstream, e.g. `claude-sonnet-4-5-20250929`. */
  readonly upstreamId: string;
  /** Bare names that resolve to this model (`claude-sonnet-4-5`, `sonnet`). */
  readonly aliases: readonly string[];
  readonly displayName: string;
  readonly modality: Modality;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  readonly capabilities: readonly ModelCapability[];
  readonly pricing: ModelPricing;
  /** ISO date the model was released, for `created` fields. */
  readonly releasedAt?: string;
  /**
   * The wire protocols the upstream serves this model in, when not every one its provider
   * speaks (OpenAI's Responses-only models: `['openai-responses']`): a client of another
   * protocol is translated, never passed through.
   */
  readonly protocols?: readonly WireProtocol[];
  /**
   * The reasoning efforts the upstream takes for this model, lowest first (GPT-5: `minimal` to
   * `high`; o-series: from `low`; GPT-5.4 and later: `none` to `xhigh`). A client that turns
   * reasoning off gets the first (`none` stops reasoning; the others are as little as the model
   * reasons); an effort the model does not take is sent as the nearest one it takes.
   */
  readonly reasoningEfforts?: readonly ModelReasoningEffort[];
  /**
   * The model reasons on every request and cannot be told not to (Claude Opus 5.5; the other
   * Claude 5 models think unless turned off, which the gateway never does): a translated request
   * maps reasoning to the model's own control (Anthropic: adaptive thinking and an effort, never a
   * budget), drops the sampling parameters such models refuse, and a forced tool choice, which
   * they refuse, is refused before anything is held.
   */
  readonly reasoningAlwaysOn?: boolean;
  /** A conversation ending in an assistant turn (a prefill) is refused upstream; translated, it is refused before anything is held. */
  readonly refusesPrefill?: boolean;
  /** Embeddings models: the length of their vectors, the most a request's `dimensions` may ask. */
  readonly dimensions?: number;
  /** Embeddings models that take no `dimensions` at all (OpenAI's text-embedding-ada-002): their vectors are always `dimensions` long. */
  readonly fixedDimensions?: boolean;
  /** A fixed thinking mode (see ThinkingMode): the client's own reasoning settings give way to it. */
  readonly thinking?: ThinkingMode;
  /**
   * The first day (YYYY-MM-DD, UTC) the provider refuses the model. Before it the model is served
   * as deprecated (`Sunset` header, listed with the date); from it, it is not listed and a request
   * for it is refused before anything is held (see model-lifecycle.ts).
   */
  readonly retiresAt?: string;
  /** The day (YYYY-MM-DD, UTC) the provider deprecated the model, when it said: the `Deprecation` header's date. */
  readonly deprecatedAt?: string;
  /** The gateway id of the model to use instead, in the same catalog; named in the listing and in the refusal. */
  readonly replacement?: string;
}

/**
 * Whether a request's bare `name` is the model's upstream id and so names it. An entry that
 * fixes a thinking mode shares its upstream id with the entry of the upstream's default mode,
 * which alone goes by that name; the fixed-mode entry goes by its id and aliases.
 */
export function goesByUpstreamId(model: ModelInfo, name: string): boolean {
  return model.upstreamId === name && model.thinking === undefined;
}
