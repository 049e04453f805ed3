import type { AssistantContentPart } from './request';
import type { FinishReason } from './stream';
import type { Usage } from './usage';

/** A complete (non-streamed) canonical response. */
export interface CanonicalResponse {
  readonly id: string;
  /** The gateway id of the model that answered (`provider/model`). */
  readonly model: string;
  readonly content: readonly AssistantContentPart[];
  readonly finishReason: FinishReason;
  readonly stopSequence?: string;
  readonly usage: Usage;
  /** The model the upstream says answered, its own id as it wrote it (see StreamPart); absent when it named none. */
  readonly upstreamModel?: string;
}
