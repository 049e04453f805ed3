import type { ChunkFeed } from '../../../kernel/canonical/passthrough-body';

/** What a pushed body asks of the exchange it comes from. */
export interface BodyControl {
  /** Drops the exchange (its connection); the body has already failed with `reason`. */
  abort(reason: Error): void;
  /** Stops and restarts reading from the connection (backpressure for a web stream reader). */
  pause(): void;
  resume(): void;
}

/**
 * An upstream answer's body as the HTTP client's callbacks push it: chunks that arrive before
 * the reader are kept, then each goes straight to the reader (`forEach`). The passthrough relay
 * reads it this way; anything else may iterate it.
 */
export class PushedBody implements ChunkFeed {
  #kept: Uint8Array[] = [];
  #reader: ((chunk: Uint8Array) => void) | null = null;
  #state: 'open' | 'ended' | 'failed' = 'open';
  #failure: unknown = null;
  #settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  constructor(private readonly control: BodyControl) {}

  /** The client's side: a chunk arrived. */
  push(chunk: Uint8Array): void {
    if (this.#state !== 'open') return;
    if (this.#reader) this.#deliver(this.#reader, chunk);
    else this.#kept.push(chunk);
  }

  /** A reader that throws gives the body up: its error is what `forEach` rejects with. */
  #deliver(reader: (chunk: Uint8Array) => void, chunk: Uint8Array): boolean {
    try {
      reader(chunk);
      return true;
    } catch (error) {
      if (this.#state === 'open') {
        this.destroy(error as Error);
      } else {
        this.#state = 'failed';
        this.#failure = error;
        this.#settle?.reject(error);
      }
      return false;
    }
  }

  /** The client's side: the body is complete. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#settle?.resolve();
  }

  /** The client's side: the body failed (a dropped connection, an abort). */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#failure = error;
    this.#settle?.reject(error);
  }

  pause(): void {
    this.control.pause();
  }

  resume(): void {
    this.control.resume();
  }

  forEach(onChunk: (chunk: Uint8Array) => void): Promise<void> {
    if (this.#reader) return Promise.reject(new Error('an upstream body is read once'));
    return new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
      // What arrived before the reader goes first, even when the body has ended since.
      const kept = this.#kept;
      this.#kept = [];
      for (const chunk of kept) if (!this.#deliver(onChunk, chunk)) break;
      this.#reader = onChunk;
      if (this.#state === 'ended') resolve();
      else if (this.#state === 'failed') reject(this.#failure);
    });
  }

  destroy(reason: Error = new Error('the upstream body was given up')): void {
    if (this.#state !== 'open') return;
    this.fail(reason);
    this.control.abort(reason);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const queue: Uint8Array[] = [];
    let wake: (() => void) | null = null;
    let outcome: { error: unknown } | 'done' | null = null;
    this.forEach((chunk) => {
      queue.push(chunk);
      wake?.();
    }).then(() => (outcome = 'done'), (error: unknown) => (outcome = { error })).finally(() => wake?.());
    try {
      for (;;) {
        if (queue.length) {
          yield queue.shift()!;
          continue;
        }
        const settled = outcome as { error: unknown } | 'done' | null;
        if (settled === 'done') return;
        if (settled) throw settled.error;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      // A reader that stops early (break, return, a throw) gives up the rest.
      if (outcome === null) this.destroy();
    }
  }
}
