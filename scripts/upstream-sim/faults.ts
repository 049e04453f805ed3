import { SimRequestError } from './sim-request-error';
import { SSE_SHAPE_OPTIONS, type SseShape } from './sse-shape';

/** One fault, from a `[[fault:...]]` directive or the `x-sim-fault` header (same syntax). */
export interface FaultSpec {
  /** Answer with this HTTP status, in the provider's error shape. */
  readonly status?: number;
  /** `retry-after` header value in seconds (429 always carries one, default 1). */
  readonly retryAfterSeconds?: number;
  /** Stream this many chunks, then destroy the socket. */
  readonly disconnectAfter?: number;
  /** Stream this many chunks and the next but for the blank line that ends it, then destroy the socket. */
  readonly disconnectMidEvent?: number;
  /** Insert an unparsable chunk before chunk N (default 1). */
  readonly malformedAt?: number;
  /** Stream this many chunks, then the provider's in-stream error event, then end. */
  readonly errorAfter?: number;
  /** The numeric `error.code` of an `errorAfter` error a server sends in-band (OpenRouter's; default 502). */
  readonly errorCode?: number;
  /** Never answer. */
  readonly hang: boolean;
  /** Send the head and the first half of a body (a stream: its first event), then nothing more. */
  readonly stall: boolean;
  /** The legal SSE shapes a stream is sent in (sse-shape.ts); none: the provider's own. */
  readonly sseShape: SseShape;
  /** Apply the fault to the first K requests with this key only, then succeed. */
  readonly failTimes?: number;
  /** Counter key for `failTimes`; defaults to the spec text itself. */
  readonly counterKey: string;
}

type MutableFault = { -readonly [Key in keyof FaultSpec]: FaultSpec[Key] };

function parseInteger(option: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new SimRequestError(400, `simulator: fault option ${option} needs a non-negative integer`);
  return number;
}

function applyOption(fault: MutableFault, option: string, value: string | undefined): void {
  switch (option) {
    case 'status': fault.status = parseInteger(option, value); return;
    case 'retry-after': fault.retryAfterSeconds = parseInteger(option, value); return;
    case 'disconnect-after': fault.disconnectAfter = parseInteger(option, value); return;
    case 'disconnect-mid-event': fault.disconnectMidEvent = parseInteger(option, value); return;
    case 'malformed-chunk': fault.malformedAt = parseInteger(option, value, 1); return;
    case 'error-after': fault.errorAfter = parseInteger(option, value); return;
    case 'error-code': fault.errorCode = parseInteger(option, value); return;
    case 'hang': fault.hang = true; return;
    case 'stall': fault.stall = true; return;
    case 'fail-times': fault.failTimes = parseInteger(option, value); return;
    case 'key': fault.counterKey = value ?? ''; return;
    case 'line-ends':
      if (value !== 'crlf' && value !== 'cr' && value !== 'mixed') throw new SimRequestError(400, 'simulator: fault option line-ends needs crlf, cr or mixed');
      fault.sseShape = { ...fault.sseShape, lineEnds: value };
      return;
    default: {
      const shape = value === undefined ? SSE_SHAPE_OPTIONS.get(option) : undefined;
      if (shape === undefined) throw new SimRequestError(400, `simulator: unknown fault option "${option}"`);
      fault.sseShape = { ...fault.sseShape, [shape]: true };
    }
  }
}

export function parseFaultSpec(text: string): FaultSpec {
  const fault: MutableFault = { hang: false, stall: false, sseShape: {}, counterKey: text.trim() };
  for (const part of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const equals = part.indexOf('=');
    applyOption(fault, equals === -1 ? part : part.slice(0, equals), equals === -1 ? undefined : part.slice(equals + 1));
  }
  const failsSomehow = fault.status !== undefined || fault.hang || fault.stall || fault.disconnectAfter !== undefined || fault.disconnectMidEvent !== undefined || fault.malformedAt !== undefined || fault.errorAfter !== undefined;
  // `fail-times=K` alone means "K transient failures": a 503 is the usual retryable one.
  if (fault.failTimes !== undefined && !failsSomehow) fault.status = 503;
  return fault;
}

/** Counts the requests seen per `fail-times` key, so the first K fail and the rest succeed. */
export class FailureCounters {
  private readonly seen = new Map<string, number>();

  /** Whether this request should suffer the fault; counts it. */
  shouldFail(fault: FaultSpec): boolean {
    if (fault.failTimes === undefined) return true;
    const count = this.seen.get(fault.counterKey) ?? 0;
    this.seen.set(fault.counterKey, count + 1);
    return count < fault.failTimes;
  }

  reset(): void {
    this.seen.clear();
  }
}

/** The fault this request suffers: the first spec (directives, then header) that is active now. */
export function selectActiveFault(specTexts: readonly string[], counters: FailureCounters): FaultSpec | undefined {
  for (const text of specTexts) {
    const fault = parseFaultSpec(text);
    if (counters.shouldFail(fault)) return fault;
  }
  return undefined;
}
