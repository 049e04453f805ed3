import type { FinishReason } from '../../../kernel/canonical/stream';

const CONTENT_FILTER_REASONS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);

/** Gemini answers `STOP` after function calls too, so whether tools were called decides `tool-calls`. */
export function mapGeminiFinishReason(finishReason: string | undefined, calledTools: boolean): FinishReason {
  if (finishReason === 'STOP') return calledTools ? 'tool-calls' : 'stop';
  if (finishReason === 'MAX_TOKENS') return 'length';
  if (finishReason !== undefined && CONTENT_FILTER_REASONS.has(finishReason)) return 'content-filter';
  return 'other';
}
