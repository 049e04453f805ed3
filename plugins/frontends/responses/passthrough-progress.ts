import { rawEventData } from '../shared/raw-sse-splitter';
import type { PassthroughFollower, WireError } from '../shared/chat-wire';
import type { OpenAIErrorBody } from '../shared/openai-error';
import { formatErrorEvent, formatFailureEvents } from './format-responses-event';

const SEQUENCE_KEY = '"sequence_number":';
/** Enough characters for any sequence number, and the spaces a formatter may put before it. */
const SEQUENCE_DIGITS = 20;

/**
 * What a passed-through Responses stream has shown its client, so that a stream the upstream
 * leaves unfinished ends as a translated one does (format-responses-event.ts). Every delta goes
 * through `see`, so nothing is parsed on the way: the sequence number is read off the raw text
 * (spelled inside a string, the key is escaped and cannot match; OpenAI writes the event's own
 * before any nested object), and `response.created` is kept as it came, read only if the stream
 * fails.
 */
export class PassthroughProgress implements PassthroughFollower {
  private lastSequenceNumber = -1;
  private created: string | null = null;

  see(rawEvent: string): void {
    const at = rawEvent.indexOf(SEQUENCE_KEY);
    if (at !== -1) {
      const from = at + SEQUENCE_KEY.length;
      const sequenceNumber = Number.parseInt(rawEvent.slice(from, from + SEQUENCE_DIGITS), 10);
      if (Number.isSafeInteger(sequenceNumber)) this.lastSequenceNumber = sequenceNumber;
    }
    if (this.created === null && rawEvent.includes('"response.created"')) this.created = rawEvent;
  }

  /**
   * The `error` event numbered after the upstream's last, then `response.failed` with the
   * response `response.created` announced. An upstream that died before announcing one leaves
   * no response to fail (the client has seen none): the `error` event alone.
   */
  fail(wireError: WireError): string {
    const { error } = wireError.body as OpenAIErrorBody;
    const sequenceNumber = this.lastSequenceNumber + 1;
    const response = this.announcedResponse();
    return response ? formatFailureEvents(error, sequenceNumber, response) : formatErrorEvent(error, sequenceNumber);
  }

  private announcedResponse(): Record<string, unknown> | null {
    if (this.created === null) return null;
    try {
      const { response } = JSON.parse(rawEventData(this.created) ?? '') as { response?: unknown };
      return response !== null && typeof response === 'object' && !Array.isArray(response) ? response as Record<string, unknown> : null;
    } catch {
      return null;
    }
  }
}
