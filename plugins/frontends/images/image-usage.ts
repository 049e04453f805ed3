import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { estimateImageTokens } from '../../../kernel/canonical/image-tokens';
import type { GeneratedImages, MediaFile } from '../../../kernel/canonical/modality-providers';
import type { BillableUsage } from '../../../kernel/canonical/usage';
import type { ImageClientRequest } from './parse-image-request';

/** Enough of an image's head for its size (image-size.ts reads at most 64 KB). */
const HEAD_BYTES = 64 * 1024;

/** What a prompt is estimated at where the upstream counts nothing: its text and the images to edit (the mask too). */
export function estimatePromptTokens(request: ImageClientRequest): { text: number; image: number } {
  const files: readonly MediaFile[] = [...(request.images ?? []), ...(request.mask ? [request.mask] : [])];
  const image = files.reduce((sum, file) => sum + estimateImageTokens({ type: 'image', source: { kind: 'base64', mediaType: file.mimeType, data: Buffer.from(file.bytes.subarray(0, HEAD_BYTES)).toString('base64') } }), 0);
  return { text: estimateTextTokens(request.prompt), image };
}

/**
 * What an images request bills. A model priced by tokens (GPT image models) reports them, and
 * they are the bill, as OpenAI's (pricing.ts then charges no per-image price); otherwise each
 * image is priced by its quality and size, and the prompt by its estimated tokens (free on
 * models without token prices: DALL·E, Imagen).
 */
export function imageUsage(made: GeneratedImages, request: ImageClientRequest): BillableUsage {
  const reported = made.usage;
  if (reported) return { images: made.images.length, inputTokens: reported.textInputTokens + reported.imageInputTokens, imageInputTokens: reported.imageInputTokens, outputTokens: reported.outputTokens };
  const prompt = estimatePromptTokens(request);
  return { images: made.images.length, inputTokens: prompt.text + prompt.image, imageInputTokens: prompt.image };
}
