import type { CanonicalMessage, TextPart } from '../../kernel/canonical/request';
import type { StreamPart } from '../../kernel/canonical/stream';
import type { DosiaProvider, TurnMetrics } from '../core/providers/dosia-provider';
import { type AssemblyState, EMPTY_ASSEMBLY, applyStreamPart } from './assemble-message';

export interface TurnOptions {
  readonly provider: DosiaProvider;
  readonly model: string;
  readonly system: readonly TextPart[];
  readonly messages: readonly CanonicalMessage[];
  readonly signal: AbortSignal;
  readonly onPart: (part: StreamPart) => void;
}

export interface TurnOutcome {
  readonly assembly: AssemblyState;
  readonly metrics: TurnMetrics | null;
}

/**
 * Streams one model call and folds it into a message. Parts are forwarded as they come;
 * `turn-end` carries the metrics (the provider slot always sends it, even after an error).
 * A rejection before the first part (bad key, unknown model) becomes the message's error.
 */
export async function runTurn(options: TurnOptions): Promise<TurnOutcome> {
  let assembly = EMPTY_ASSEMBLY;
  let metrics: TurnMetrics | null = null;
  try {
    const stream = await options.provider.streamTurn({ model: options.model, system: options.system, messages: options.messages, tools: [] }, options.signal);
    for await (const part of stream) {
      if (part.type === 'turn-end') {
        metrics = part.metrics;
        continue;
      }
      assembly = applyStreamPart(assembly, part);
      options.onPart(part);
    }
  } catch (error) {
    const message = options.signal.aborted ? 'stopped' : error instanceof Error ? error.message : String(error);
    assembly = { ...assembly, error: message };
  }
  return { assembly, metrics };
}
