import { isGeminiReasoningSignature } from '../gemini/thought-signature';
import { isOpenAIReasoningSignature } from '../openai-responses/reasoning-signature';

/**
 * Whether a thinking block's signature may be Claude's: Anthropic verifies it, and refuses one
 * it did not issue as invalid. An empty one is none (DeepSeek's or Kimi's reasoning shown as
 * thinking); OpenAI's encrypted reasoning (`openai-rs.`) and Gemini's thought signature
 * (`gemini-ts.`) ride in it too, for their own provider. Reasoning without one is left out for Claude.
 */
export function mayBeClaudeSignature(signature: unknown): signature is string {
  return typeof signature === 'string' && signature !== '' && !isOpenAIReasoningSignature(signature) && !isGeminiReasoningSignature(signature);
}
