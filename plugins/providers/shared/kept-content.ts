import { TextTokenCounter } from '../../../kernel/canonical/estimate-tokens';
import type { StreamPart } from '../../../kernel/canonical/stream';

/** Content kept unread per stream before a tap counts it as it arrives instead. */
const MAX_KEPT_CHARACTERS = 256 * 1024;

/**
 * A passthrough stream's content events, kept as they came until the bill asks for the
 * delivered tokens (a client that cancelled, or an upstream that reported no output count):
 * only then are they read, through `read` (the provider's stream parser, a fresh one of its
 * own), and counted. Reading every event as it went by was about 9 % of a streamed request's
 * main-thread instructions (Chat Completions), for a figure most bills never use. Past
 * MAX_KEPT_CHARACTERS the content is read as it arrives, so a long stream holds no more.
 */
export class KeptContent<Event> {
  private kept: Event[] | null = [];
  private characters = 0;
  private readonly counter = new TextTokenCounter();

  constructor(
    private readonly read: (event: Event) => readonly StreamPart[],
    private readonly sizeOf: (event: Event) => number,
  ) {}

  keep(event: Event): void {
    if (this.kept === null) return this.count(event);
    this.kept.push(event);
    this.characters += this.sizeOf(event);
    if (this.characters > MAX_KEPT_CHARACTERS) this.tokens();
  }

  /** The delivered content in estimated tokens; reads what was kept (once). */
  tokens(): number {
    if (this.kept !== null) {
      for (const event of this.kept) this.count(event);
      this.kept = null;
    }
    return this.counter.tokens;
  }

  private count(event: Event): void {
    for (const part of this.read(event)) this.counter.addPart(part);
  }
}
