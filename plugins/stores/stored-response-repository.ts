/**
 * Responses the Responses API front-end keeps (`store` not false), for a later request to
 * continue from (`previous_response_id`) and for `GET`/`DELETE /v1/responses/{id}`. A response
 * holds only its own turn: the input items its request sent and the response object (its output
 * items); the conversation before it is its previous response's, so a long conversation is
 * stored once, not once per turn. Ids are unique per org only: an upstream mints passthrough
 * ids, and every read is scoped to the org anyway.
 */

export interface StoredResponseRow {
  readonly id: string;
  readonly orgId: string;
  /** The key that made it. */
  readonly keyId: string;
  readonly model: string;
  /** The response this one continued; null starts a conversation. */
  readonly previousResponseId: string | null;
  /** This turn's input items only, as the request sent them (a string input as one user message). */
  readonly inputItems: readonly unknown[];
  /** The response object as the client received it. */
  readonly response: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface StoredResponseRepository {
  /** Keeps a response; false (nothing changed) when the org keeps one of that id already. */
  insertStoredResponse(row: StoredResponseRow): Promise<boolean>;
  /** The org's response unless it expired at `at`: another org's id is as unknown as a made-up one. */
  getStoredResponse(orgId: string, id: string, at: string): Promise<StoredResponseRow | null>;
  /**
   * The response and those before it, oldest first, in one query: the walk back stops at a
   * response that is gone (deleted, or expired at `at`) or after `maxLength` responses, so the
   * chain is whole only when its first row starts the conversation.
   */
  listStoredResponseChain(orgId: string, id: string, at: string, maxLength: number): Promise<StoredResponseRow[]>;
  /** False when the org had no such response (or it expired at `at`). */
  deleteStoredResponse(orgId: string, id: string, at: string): Promise<boolean>;
  /** Removes responses that expired at `at`; returns how many. */
  deleteExpiredStoredResponses(at: string): Promise<number>;
}
