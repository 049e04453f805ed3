import type { Logger } from '../../../kernel/logger';
import type { CallerKey } from '../../router/ports';
import type { StoredResponseRepository, StoredResponseRow } from '../../stores/stored-response-repository';
import type { AnswerKeeper, StatefulRequest } from '../shared/chat-wire';
import { isJsonObject } from '../shared/wire-reader';
import { responsesErrors, responsesReader as reader } from './errors';
import { readStoredConversation, toInputItems } from './stored-conversation';

/**
 * The most responses one conversation is read back through: far beyond any real one, it only
 * bounds the walk should ids ever form a loop (an upstream reusing a deleted response's id).
 */
const MAX_CONVERSATION_TURNS = 10_000;

/** What OpenAI keeps: a response that failed (or was cut off by its client) is not continued from. */
const KEPT_STATUSES = new Set(['completed', 'incomplete']);

export interface StoredResponsesDeps {
  readonly store: StoredResponseRepository;
  /** How long a response is kept (OpenAI: 30 days). */
  readonly ttlSeconds: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface StoredResponses {
  /** ChatWire.restoreState: the previous response's conversation before the new input, and the keeper of this answer. */
  restore(body: unknown, key: CallerKey): Promise<StatefulRequest>;
  /** The org's response; BSK_RESPONSES_NOT_FOUND (404) when it has none of that id. */
  get(orgId: string, id: string): Promise<StoredResponseRow>;
  delete(orgId: string, id: string): Promise<void>;
  /** Removes what expired, to free the space (reads skip it anyway). */
  deleteExpired(): Promise<number>;
}

/**
 * Responses kept for `previous_response_id`, whichever provider answered: each turn is stored
 * once (its input items and its response), and a request that continues one gets the whole
 * conversation in `input`, so every provider, OpenAI's passthrough included, sees all of it.
 * A write is started before the client has the answer's last bytes, and a read of the same
 * response waits for it: a client that chains at once finds its response on any store.
 */
export function createStoredResponses(deps: StoredResponsesDeps): StoredResponses {
  const now = deps.now ?? Date.now;
  const iso = (offsetMs = 0) => new Date(now() + offsetMs).toISOString();
  const writing = new Map<string, Promise<unknown>>();
  const slot = (orgId: string, id: string) => `${orgId}\u0000${id}`;

  function keep(key: CallerKey, request: { previousResponseId: string | null; inputItems: readonly unknown[] }, answer: Readonly<Record<string, unknown>>): void {
    if (typeof answer.id !== 'string' || !KEPT_STATUSES.has(answer.status as string)) return;
    // A passed-through answer is OpenAI's, which was told nothing of the chain; say what the gateway did.
    const response = { ...answer, store: true, previous_response_id: request.previousResponseId };
    const row: StoredResponseRow = {
      id: answer.id, orgId: key.orgId, keyId: key.keyId, model: String(answer.model ?? ''), previousResponseId: request.previousResponseId,
      inputItems: request.inputItems, response, createdAt: iso(), expiresAt: iso(deps.ttlSeconds * 1000),
    };
    const at = slot(key.orgId, answer.id);
    // The client has its answer either way: a failed write is logged, and that response cannot be continued from.
    const write = deps.store.insertStoredResponse(row).then(
      (inserted) => {
        if (!inserted) deps.logger.warn({ responseId: row.id }, 'a response of this id is stored already; the first is kept');
      },
      (error: unknown) => deps.logger.error({ err: error, responseId: row.id }, 'storing a response failed'),
    ).finally(() => writing.delete(at));
    writing.set(at, write);
  }

  async function readConversation(orgId: string, id: string): Promise<unknown[]> {
    await writing.get(slot(orgId, id));
    return readStoredConversation(await deps.store.listStoredResponseChain(orgId, id, iso(), MAX_CONVERSATION_TURNS), id);
  }

  return {
    async restore(body, key) {
      if (!isJsonObject(body)) return { body, keeper: null };
      const previousResponseId = reader.optionalString(body.previous_response_id, 'previous_response_id') ?? null;
      const kept = reader.optionalBoolean(body.store, 'store') !== false;
      const request = { previousResponseId, inputItems: toInputItems(body.input) };
      const keeper: AnswerKeeper | null = kept ? { keep: (answer) => keep(key, request, answer) } : null;
      if (previousResponseId === null) return { body, keeper };
      const conversation = await readConversation(key.orgId, previousResponseId);
      return { body: { ...body, input: [...conversation, ...request.inputItems] }, keeper };
    },
    async get(orgId, id) {
      await writing.get(slot(orgId, id));
      const row = await deps.store.getStoredResponse(orgId, id, iso());
      if (!row) throw responsesErrors.create('BSK_RESPONSES_NOT_FOUND', { id });
      return row;
    },
    async delete(orgId, id) {
      await writing.get(slot(orgId, id));
      if (!(await deps.store.deleteStoredResponse(orgId, id, iso()))) throw responsesErrors.create('BSK_RESPONSES_NOT_FOUND', { id });
    },
    deleteExpired: () => deps.store.deleteExpiredStoredResponses(iso()),
  };
}
