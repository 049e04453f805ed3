import type { GeminiContent, GeminiPart } from './gemini-wire-types';

/**
 * What Google documents for a function call Gemini did not produce (another provider's, or one
 * whose id a client rewrote, losing the signature it carried): Gemini 3 then skips validating it
 * instead of refusing the request (ai.google.dev/gemini-api/docs/thought-signatures, FAQ).
 */
export const SKIP_SIGNATURE_VALIDATION = 'skip_thought_signature_validator';

const isUserText = (content: GeminiContent): boolean => content.role === 'user' && content.parts.some((part) => !part.functionResponse);

/**
 * Gemini 3 validates the current turn (everything after the last user content that is not only
 * function results): the first function call of each model step there must carry a signature.
 * One that has none gets the documented placeholder, and a warning; signed calls and earlier
 * turns, which are not validated, are left as they are.
 */
export function signUnsignedFunctionCalls(contents: readonly GeminiContent[], warnings: string[]): void {
  const turnStart = contents.findLastIndex(isUserText);
  for (const content of contents.slice(turnStart + 1)) {
    const call: GeminiPart | undefined = content.role === 'model' ? content.parts.find((part) => part.functionCall) : undefined;
    if (!call || call.thoughtSignature) continue;
    call.thoughtSignature = SKIP_SIGNATURE_VALIDATION;
    warnings.push(`function call ${call.functionCall!.name} came back without its thought signature: sent with Gemini's placeholder for calls it did not make`);
  }
}
