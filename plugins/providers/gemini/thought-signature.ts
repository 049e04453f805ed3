import type { ProviderMetadata, ReasoningPart } from '../../../kernel/canonical/request';

/**
 * Where a Gemini thought signature rides between turns, besides a call's id (call-id-signature.ts).
 *
 * A client keeps one opaque field with a block of reasoning: a Messages thinking block's
 * `signature` (a Responses client seals it in `encrypted_content`). The signature of a block of
 * Gemini's thoughts rides there, as `gemini-ts.<thoughtSignature>`: the prefix lets the Gemini
 * conversion find it on the way back, and every other upstream leave it out as reasoning it
 * cannot verify (Anthropic refuses a signature it did not issue), as with OpenAI's `openai-rs.`.
 * A call's signature, and one with no thoughts to ride on, go in `providerMetadata.gemini`.
 */
const PREFIX = 'gemini-ts.';

export const GEMINI_METADATA_KEY = 'gemini';

export function signatureMetadata(thoughtSignature: string): ProviderMetadata {
  return { [GEMINI_METADATA_KEY]: { thoughtSignature } };
}

/** The signature in a part's metadata. */
export function thoughtSignatureOf(part: { readonly providerMetadata?: ProviderMetadata }): string | undefined {
  const signature = part.providerMetadata?.[GEMINI_METADATA_KEY]?.thoughtSignature;
  return typeof signature === 'string' ? signature : undefined;
}

export function geminiReasoningSignature(thoughtSignature: string): string {
  return `${PREFIX}${thoughtSignature}`;
}

/** Whether a signature holds Gemini's thought signature (another provider must leave it out). */
export function isGeminiReasoningSignature(signature: string): boolean {
  return signature.startsWith(PREFIX);
}

/**
 * The Gemini thought signature a reasoning part carries: in its signature, or in its metadata
 * (one with no thoughts to ride on; and what Responses clients sealed before signatures of
 * thoughts moved to the signature). Anyone else's reasoning has none.
 */
export function thoughtSignatureOfReasoning(part: ReasoningPart): string | undefined {
  const signature = part.signature;
  if (signature && isGeminiReasoningSignature(signature) && signature.length > PREFIX.length) return signature.slice(PREFIX.length);
  return thoughtSignatureOf(part);
}
