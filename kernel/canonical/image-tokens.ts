import { readImageSize } from './image-size';
import type { ImagePart } from './request';

/** An image whose size is unknown (a URL, an unread header): about the most a provider bills for one. */
const UNKNOWN_SIZE_TOKENS = 1_600;

/**
 * Claude's count for an image: width × height / 750, after scaling it down to at most 1568
 * pixels on its long side and about 1,600 tokens (1.2 megapixels). 1092 × 1092 is 1,590.
 */
export function claudeImageTokens(width: number, height: number): number {
  const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt(1_200_000 / (width * height)));
  return Math.ceil((width * scale * height * scale) / 750);
}

/**
 * OpenAI's count at high detail: scaled to fit 2048 × 2048, then its short side to 768, it is
 * billed 170 tokens per 512-pixel tile plus 85. 1024 × 1024 is 765; 2048 × 4096 is 1,105.
 */
export function openAIImageTokens(width: number, height: number): number {
  const fit = Math.min(1, 2048 / Math.max(width, height));
  const scale = fit * Math.min(1, 768 / (Math.min(width, height) * fit));
  return 85 + 170 * Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512);
}

/**
 * A sized image is estimated at the larger of Claude's and OpenAI's counts (Gemini's 258 per
 * 768-pixel tile is below both): a screenshot or a thumbnail no longer counts as a full photo.
 */
export function estimateImageTokens(image: ImagePart): number {
  const size = image.source.kind === 'base64' ? readImageSize(image.source.data) : null;
  if (!size) return UNKNOWN_SIZE_TOKENS;
  return Math.max(claudeImageTokens(size.width, size.height), openAIImageTokens(size.width, size.height));
}
