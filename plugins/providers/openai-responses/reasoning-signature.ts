import type { ReasoningPart } from '../../../kernel/canonical/request';

/**
 * An OpenAI reasoning item goes back upstream as its id and its encrypted content (the
 * gateway asks OpenAI to keep nothing). A client keeps only a reasoning block's `signature`
 * (Anthropic's wire has no other field for it), so both ride there: `openai-rs.<id>.<content>`.
 * Reasoning signed by anyone else (Claude, Gemini) or not signed at all cannot go to OpenAI.
 */
const PREFIX = 'openai-rs.';

export interface OpenAIReasoningItem {
  readonly id: string;
  readonly encryptedContent: string;
}

export function reasoningSignature(item: OpenAIReasoningItem): string {
  return `${PREFIX}${item.id}.${item.encryptedContent}`;
}

/** Whether a signature holds OpenAI's reasoning (another provider must leave it out). */
export function isOpenAIReasoningSignature(signature: string): boolean {
  return signature.startsWith(PREFIX);
}

/** The OpenAI item a reasoning part came from, or undefined when it is someone else's. */
export function reasoningItemOf(part: ReasoningPart): OpenAIReasoningItem | undefined {
  const signature = part.signature;
  if (!signature || !isOpenAIReasoningSignature(signature)) return undefined;
  const dot = signature.indexOf('.', PREFIX.length);
  if (dot < 0) return undefined;
  const id = signature.slice(PREFIX.length, dot);
  const encryptedContent = signature.slice(dot + 1);
  return id && encryptedContent ? { id, encryptedContent } : undefined;
}
