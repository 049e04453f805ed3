import type { FinishReason, StreamPart } from '../../../kernel/canonical/stream';
import { EMPTY_USAGE, type Usage } from '../../../kernel/canonical/usage';
import type { TurnMetrics, TurnPart } from './dosia-provider';

export interface TurnMeterContext {
  readonly provider: string;
  readonly model: string;
  readonly requestId: string | null;
  /** The `estimated_credits` response header, when the provider sent one. */
  readonly estimatedCredits: number | null;
  /** The `bytespike-*` response headers (empty for other providers). */
  readonly gatewayHeaders: Readonly<Record<string, string>>;
  /** The final usage event's settled credits, once the wire reader has seen them. */
  readonly settledCredits: () => number | null;
  /**
   * ByteSpike: the settled usage and credits of a request whose stream ended without its final
   * usage event (a cancel, a failure), looked up from the gateway; null when unavailable.
   */
  readonly settledRecord?: (requestId: string) => Promise<{ readonly usage: Usage; readonly credits: number } | null>;
  /** When the request was sent (same clock as `now`). */
  readonly startedAt: number;
  readonly now: () => number;
}

/** The parts that mean the model has started answering. */
const FIRST_TOKEN_PARTS: ReadonlySet<StreamPart['type']> = new Set(['text-delta', 'reasoning-delta', 'tool-call-start']);

function metricsOf(context: TurnMeterContext, usage: Usage, finishReason: FinishReason, firstTokenAt: number | null, settled: number | null): TurnMetrics {
  const credits = settled ?? context.estimatedCredits;
  return {
    provider: context.provider,
    model: context.model,
    requestId: context.requestId,
    usage,
    credits,
    creditsSource: settled !== null ? 'settled' : credits !== null ? 'estimated' : null,
    latency: { firstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - context.startedAt), totalMs: Math.round(context.now() - context.startedAt) },
    finishReason,
    ...(Object.keys(context.gatewayHeaders).length ? { gatewayHeaders: context.gatewayHeaders } : {}),
  };
}

/**
 * Passes a provider's canonical parts through and appends the `turn-end` part: first-token
 * and total latency, the latest usage, and the credits. Metering wraps the stream instead
 * of living in each wire reader, so every provider type measures the same way.
 */
export async function* meterTurn(parts: AsyncIterable<StreamPart>, context: TurnMeterContext): AsyncGenerator<TurnPart> {
  let usage: Usage = EMPTY_USAGE;
  let finishReason: FinishReason = 'error';
  let firstTokenAt: number | null = null;
  for await (const part of parts) {
    if (firstTokenAt === null && FIRST_TOKEN_PARTS.has(part.type)) firstTokenAt = context.now();
    if (part.type === 'usage' || part.type === 'finish') usage = part.usage;
    if (part.type === 'finish') finishReason = part.reason;
    yield part;
  }
  // Without its final usage event, the turn has only the hold's estimate and no tokens: the
  // gateway's settled record has what was delivered and billed.
  const inStream = context.settledCredits();
  const record = inStream === null && context.requestId && context.settledRecord ? await context.settledRecord(context.requestId) : null;
  yield { type: 'turn-end', metrics: metricsOf(context, record?.usage ?? usage, finishReason, firstTokenAt, record?.credits ?? inStream) };
}
