import type { CanonicalResponse } from '../../../kernel/canonical/response';
import type { UpstreamErrorInfo } from '../../../kernel/canonical/stream';
import { collectedResponse, collectStreamParts } from '../../../kernel/canonical/collect-stream';
import { GeminiStreamParser } from './gemini-stream-parser';
import type { GeminiResponseChunk } from './gemini-wire-types';

/**
 * A `generateContent` body has the shape of one stream chunk, so it goes through the
 * stream parser: one mapping for both. Returns the error instead when the body holds one.
 */
export function parseGeminiResponse(body: GeminiResponseChunk, modelId: string): CanonicalResponse | { error: UpstreamErrorInfo } {
  const parser = new GeminiStreamParser({ modelId });
  const collected = collectStreamParts([...parser.pushChunk(body), ...parser.end()]);
  if (collected.error) return { error: collected.error };
  return collectedResponse(collected, modelId);
}
