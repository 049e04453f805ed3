import type { TapResult, UsageTap } from '../../../kernel/canonical/provider';

/** Error bodies are small; a tap never holds more than this of a body it only watches. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** A tap for a complete JSON body (a non-streamed answer, or an error sent instead of a stream): kept, then read once at the end. */
export class JsonBodyTap implements UsageTap {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly read: (text: string) => TapResult) {}

  write(chunk: Uint8Array): void {
    if (this.size >= MAX_BUFFERED_BYTES) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  end(): TapResult {
    return this.read(Buffer.concat(this.chunks).toString('utf8'));
  }
}
