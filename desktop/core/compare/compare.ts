import type { StreamPart } from '../../../kernel/canonical/stream';
import type { Usage } from '../../../kernel/canonical/usage';
import type { TurnLatency } from '../providers/dosia-provider';

export interface CompareOptions {
  readonly prompt: string;
  /** Model ids as `dosia models` lists them (or `provider:id`). */
  readonly models: readonly string[];
  readonly signal?: AbortSignal;
  readonly maxTokens?: number;
}

/** One model's answer in a compare set. */
export interface CompareResult {
  readonly model: string;
  /** Null when the model could not be resolved (unknown, denied, provider unreachable). */
  readonly provider: string | null;
  readonly text: string;
  readonly usage: Usage;
  readonly credits: number | null;
  readonly latency: TurnLatency;
  readonly requestId: string | null;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Events of every lane, interleaved as they arrive; each says which model it belongs to. */
export type CompareEvent =
  | { readonly type: 'session'; readonly sessionId: string; readonly models: readonly string[] }
  | { readonly type: 'part'; readonly model: string; readonly part: StreamPart }
  | { readonly type: 'model-end'; readonly model: string; readonly result: CompareResult }
  | { readonly type: 'compare-end'; readonly sessionId: string; readonly results: readonly CompareResult[] };

/**
 * The `compare` capability: the same prompt against several models at once, saved as a
 * `compare` conversation. A model that cannot run ends its own lane with an error; the others go on.
 */
export interface Comparer {
  run(options: CompareOptions): AsyncGenerator<CompareEvent, void>;
  /** Runs a saved compare set's prompt and models again, as a new compare set. */
  rerun(sessionId: string, options?: { readonly signal?: AbortSignal }): AsyncGenerator<CompareEvent, void>;
}

declare module '../../../kernel/capabilities' {
  interface Capabilities {
    compare: Comparer;
  }
}
