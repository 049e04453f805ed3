/**
 * Reasoning the gateway sealed for a stateless Responses client (`encrypted_content` of a
 * reasoning item: Claude's signature or Gemini's thought signature, plugins/frontends/responses/
 * reasoning-item.ts). Only the gateway reads it back; an upstream that gets such an item (OpenAI,
 * on passthrough) would refuse it as content it cannot verify.
 */
export const SEALED_REASONING_PREFIX = 'bsk1.';

export function isSealedReasoning(encryptedContent: unknown): boolean {
  return typeof encryptedContent === 'string' && encryptedContent.startsWith(SEALED_REASONING_PREFIX);
}
