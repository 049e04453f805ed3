import type { StoredResponseRow } from '../../stores/stored-response-repository';
import { responsesErrors, responsesReader as reader } from './errors';

/** A request's `input` as items: a string is one user message, as OpenAI lists it back. */
export function toInputItems(input: unknown): readonly unknown[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return reader.array(input, 'input');
}

const outputItemsOf = (row: StoredResponseRow): unknown[] => (Array.isArray(row.response.output) ? row.response.output : []);

/**
 * The conversation a stored response ends: for each turn from the first, the input items its
 * request sent, then its output items. `chain` is the store's walk back from `id`, oldest
 * first; a walk that stopped short of the conversation's start (an earlier response expired or
 * was deleted) is refused rather than continued without those turns. Instructions are not
 * items: each request's own apply (OpenAI carries none over either).
 */
export function readStoredConversation(chain: readonly StoredResponseRow[], id: string): unknown[] {
  const first = chain[0];
  if (!first) throw responsesErrors.create('BSK_RESPONSES_PREVIOUS_NOT_FOUND', { id, param: 'previous_response_id' });
  if (first.previousResponseId !== null) throw responsesErrors.create('BSK_RESPONSES_CONVERSATION_BROKEN', { id, missing: first.previousResponseId, param: 'previous_response_id' });
  return chain.flatMap((row) => [...row.inputItems, ...outputItemsOf(row)]);
}
