import type { CanonicalRequest } from './request';

/**
 * A tokenizer-free estimate, used only where an upstream reports no count (reservations,
 * `message_start` before the upstream answered, OpenAI-compatible servers without usage).
 * English and code average 3.5-4 characters per token across the GPT, Claude and Gemini
 * tokenizers; dividing by 3.5 and rounding up errs on the side of reserving enough.
 */
export function estimateTextTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 3.5);
}

/** Images are billed by providers at roughly 1,000-1,600 tokens for a typical photo. */
const TOKENS_PER_IMAGE = 1_600;
/** Per-message framing (role markers, separators) that every chat template adds. */
const TOKENS_PER_MESSAGE = 4;

export function estimateRequestTokens(request: CanonicalRequest): number {
  let tokens = request.system.reduce((sum, part) => sum + estimateTextTokens(part.text), 0);
  tokens += request.tools.reduce((sum, tool) => sum + estimateTextTokens(tool.name + (tool.description ?? '') + JSON.stringify(tool.inputSchema)), 0);
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          tokens += estimateTextTokens(part.text);
          break;
        case 'image':
          tokens += TOKENS_PER_IMAGE;
          break;
        case 'document':
          tokens += part.source.kind === 'text' ? estimateTextTokens(part.source.text) : estimateTextTokens(part.source.kind === 'base64' ? part.source.data : '') / 2;
          break;
        case 'tool-call':
          tokens += estimateTextTokens(part.name + JSON.stringify(part.input ?? {}));
          break;
        case 'tool-result':
          tokens += part.content.reduce((sum, inner) => sum + (inner.type === 'text' ? estimateTextTokens(inner.text) : TOKENS_PER_IMAGE), 0);
          break;
      }
    }
  }
  return Math.ceil(tokens);
}
