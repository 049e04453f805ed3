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

export interface ImageRequest {
  readonly prompt: string;
  readonly count: number;
  /** `WIDTHxHEIGHT` or `auto`; absent means the model's default. */
  readonly size?: string;
  readonly quality?: string;
  /** Edits only: the images to change and an optional mask. */
  readonly images?: readonly MediaFile[];
  readonly mask?: MediaFile;
}

export interface GeneratedImage {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly revisedPrompt?: string;
}

export interface ImageProvider extends ModalityProvider {
  /** Sizes the model accepts (`auto` included where the upstream has it). */
  sizes(model: ModelInfo): readonly string[];
  /** Whether the model can edit images (OpenAI's `/images/edits`). */
  canEdit(model: ModelInfo): boolean;
  /** Images always come back as bytes: the gateway serves URLs itself, never the upstream's. */
  generateImages(request: ImageRequest, model: ModelInfo, call: CallContext): Promise<readonly GeneratedImage[]>;
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

export interface VideoProvider extends ModalityProvider {
  /** Video lengths in seconds the model accepts. */
  durations(model: ModelInfo): readonly number[];
  sizes(model: ModelInfo): readonly string[];
  startVideo(request: VideoRequest, model: ModelInfo, call: CallContext): Promise<UpstreamVideoJob>;
  checkVideo(job: UpstreamVideoJob, model: ModelInfo, call: CallContext): Promise<VideoJobState>;
  downloadVideo(job: UpstreamVideoJob, model: ModelInfo, call: CallContext): Promise<{ readonly bytes: Uint8Array; readonly mimeType: string }>;
}

declare module '../capabilities' {
  interface Contributions {
    'embedding-provider': EmbeddingProvider;
    'rerank-provider': RerankProvider;
    'image-provider': ImageProvider;
    'video-provider': VideoProvider;
  }
}
