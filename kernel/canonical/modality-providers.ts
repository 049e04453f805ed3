import type { ModelInfo } from './model';
import type { CallContext } from './provider';

/**
 * Contracts for the providers of the non-chat modalities. Each modality is its own
 * contribution point, so a provider plugin contributes only what its upstream serves
 * (Cohere: embeddings and rerank; OpenAI: embeddings, images and videos). Like a
 * ChatProvider, every method rejects with an UpstreamError when the upstream fails.
 */
export interface ModalityProvider {
  /** Instance name: the `provider` part of model ids. */
  readonly name: string;
  /** True when it has what it needs to call upstream (usually an API key). */
  readonly enabled: boolean;
  /** Models of this provider's modality only. */
  models(): readonly ModelInfo[];
}

/** One embedding input: text, or token ids of the model's own tokenizer. */
export type EmbeddingInput = string | readonly number[];

export interface EmbeddingRequest {
  readonly inputs: readonly EmbeddingInput[];
  readonly dimensions?: number;
}

export interface EmbeddingResult {
  /** One float vector per input, in input order. */
  readonly vectors: readonly (readonly number[])[];
  /** As the upstream reported them; 0 when it reports none (the caller estimates). */
  readonly inputTokens: number;
}

export interface EmbeddingProvider extends ModalityProvider {
  embed(request: EmbeddingRequest, model: ModelInfo, call: CallContext): Promise<EmbeddingResult>;
}

export interface RerankRequest {
  readonly query: string;
  /** Document texts, in the client's order. */
  readonly documents: readonly string[];
  readonly topN?: number;
}

export interface RerankResult {
  /** Best first; `index` points into the request's documents. */
  readonly results: readonly { readonly index: number; readonly relevanceScore: number }[];
  /** The tokens the upstream reported reranking took; 0 when it reports none (the caller estimates). */
  readonly inputTokens: number;
}

export interface RerankProvider extends ModalityProvider {
  rerank(request: RerankRequest, model: ModelInfo, call: CallContext): Promise<RerankResult>;
}

/** An uploaded file (image edits, video input references). */
export interface MediaFile {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly filename: string;
}

/**
 * Image options only some models take, by OpenAI's Images API meaning (`style`: DALL·E 3;
 * the others: GPT image models). The front-end lets through only those the model's catalog
 * entry lists (ImageModelOptions.parameters).
 */
export interface ImageOptions {
  readonly style?: string;
  readonly background?: string;
  readonly outputFormat?: string;
  /** 0 to 100. */
  readonly outputCompression?: number;
  readonly moderation?: string;
  /** Edits only: how closely the output keeps the input images' features (`low`, `high`). */
  readonly inputFidelity?: string;
}

export interface ImageRequest {
  readonly prompt: string;
  readonly count: number;
  /** `WIDTHxHEIGHT` or `auto`; absent means the model's default. */
  readonly size?: string;
  readonly quality?: string;
  readonly options?: ImageOptions;
  /** Edits only: the images to change and an optional mask. */
  readonly images?: readonly MediaFile[];
  readonly mask?: MediaFile;
  /** The client's end-user id (OpenAI's `user`), for the upstream's abuse monitoring; never logged. */
  readonly userId?: string;
}

export interface GeneratedImage {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly revisedPrompt?: string;
  /** What the upstream made, when it says (GPT image models resolve `auto` and report it): it sets the price. */
  readonly quality?: string;
  readonly size?: string;
}

/**
 * The tokens a model priced by tokens bills (GPT image models' `usage`): text and image tokens
 * of the prompt (images to edit) and image tokens made, each at its own price.
 */
export interface ImageTokenUsage {
  readonly textInputTokens: number;
  readonly imageInputTokens: number;
  readonly outputTokens: number;
}

export interface GeneratedImages {
  readonly images: readonly GeneratedImage[];
  /** As the upstream reported it; absent when it reports none (the gateway prices the images). */
  readonly usage?: ImageTokenUsage;
}

export type ImageResponseFormat = 'url' | 'b64_json';

/** What an image model takes besides a prompt: catalog data, checked before anything is held. */
export interface ImageModelOptions {
  /** `WIDTHxHEIGHT` values (and `auto` where the upstream has it); the first is the default. */
  readonly sizes: readonly string[];
  /** `quality` values; the first is the default. Empty: the model takes no `quality`. */
  readonly qualities: readonly string[];
  /** The most images one request may ask for (`n`). */
  readonly maxImages: number;
  /** `response_format` values a client may send; empty: the model refuses the field (GPT image models). */
  readonly responseFormats: readonly ImageResponseFormat[];
  /** How the images come back when the client does not say, as the upstream's own default. */
  readonly defaultResponseFormat: ImageResponseFormat;
  /** The ImageOptions the model takes, by their OpenAI field name: allowed values, or an integer range. */
  readonly parameters: Readonly<Record<string, readonly string[] | { readonly min: number; readonly max: number }>>;
  /** Whether the model can edit images (OpenAI's `/images/edits`). */
  readonly edits: boolean;
}

export interface ImageProvider extends ModalityProvider {
  options(model: ModelInfo): ImageModelOptions;
  /** Images always come back as bytes: the gateway serves URLs itself, never the upstream's. */
  generateImages(request: ImageRequest, model: ModelInfo, call: CallContext): Promise<GeneratedImages>;
}

export interface VideoRequest {
  readonly prompt: string;
  readonly seconds: number;
  readonly size?: string;
}

export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface VideoJobState {
  readonly status: VideoJobStatus;
  /** 0 to 100. */
  readonly progress: number;
  /** Where the finished video is, when the upstream names it apart from the job (Veo's file URI). */
  readonly contentLocation?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A job as the upstream knows it; persisted by the gateway, so it must be plain data. */
export interface UpstreamVideoJob {
  readonly upstreamJobId: string;
  readonly contentLocation?: string;
}

/** What a finished job can be downloaded as: the MP4, or OpenAI's preview images of it. */
export type VideoVariant = 'video' | 'thumbnail' | 'spritesheet';

export const VIDEO_VARIANTS: readonly VideoVariant[] = ['video', 'thumbnail', 'spritesheet'];

export interface VideoProvider extends ModalityProvider {
  /** Video lengths in seconds the model accepts. */
  durations(model: ModelInfo): readonly number[];
  sizes(model: ModelInfo): readonly string[];
  /** What the upstream serves of a finished job; `video` always. */
  variants(model: ModelInfo): readonly VideoVariant[];
  startVideo(request: VideoRequest, model: ModelInfo, call: CallContext): Promise<UpstreamVideoJob>;
  checkVideo(job: UpstreamVideoJob, model: ModelInfo, call: CallContext): Promise<VideoJobState>;
  downloadVideo(job: UpstreamVideoJob, model: ModelInfo, call: CallContext, variant?: VideoVariant): Promise<{ readonly bytes: Uint8Array; readonly mimeType: string }>;
}

declare module '../capabilities' {
  interface Contributions {
    'embedding-provider': EmbeddingProvider;
    'rerank-provider': RerankProvider;
    'image-provider': ImageProvider;
    'video-provider': VideoProvider;
  }
}
