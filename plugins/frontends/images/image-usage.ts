import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { estimateImageTokens } from '../../../kernel/canonical/image-tokens';
import type { GeneratedImages, MediaFile } from '../../../kernel/canonical/modality-providers';
import type { BillableUsage } from '../../../kernel/canonical/usage';
import type { CostBounds } from '../../billing/pricing';
import type { ImageClientRequest } from './parse-image-request';

/** Enough of an image's head for its size (image-size.ts reads at most 64 KB). */
const HEAD_BYTES = 64 * 1024;

/** A prompt's estimated tokens: its text, and the images to edit (the mask too). */
export interface PromptTokens {
  readonly text: number;
  readonly image: number;
}

/**
 * What a prompt is estimated at, for the hold and where the upstream counts nothing. An image
 * counts as kernel/canonical/image-tokens.ts counts one, never below what a GPT image model bills
 * for it: OpenAI scales it to a 512-pixel short side, not 768, and bills 129 tokens a tile plus
 * 65, not 170 plus 85 (https://developers.openai.com/api/docs/guides/images-vision, "Calculating
 * costs", GPT Image 1), at the default input fidelity: the gateway never sends `input_fidelity`,
 * whose `high` would add 4,160 or 6,240 tokens an image.
 */
export function estimatePromptTokens(request: ImageClientRequest): PromptTokens {
  const files: readonly MediaFile[] = [...(request.images ?? []), ...(request.mask ? [request.mask] : [])];
  const image = files.reduce((sum, file) => sum + estimateImageTokens({ type: 'image', source: { kind: 'base64', mediaType: file.mimeType, data: Buffer.from(file.bytes.subarray(0, HEAD_BYTES)).toString('base64') } }), 0);
  return { text: estimateTextTokens(request.prompt), image };
}

/**
 * The most an images request can use, which its hold prices: the prompt as estimated and `n`
 * images, each at the price or the output tokens of the quality and size asked (pricing.ts).
 */
export function imageCostBounds(request: ImageClientRequest, prompt: PromptTokens): CostBounds {
  return { inputTokens: prompt.text + prompt.image, maxOutputTokens: 0, images: request.count };
}

/**
 * What an images request bills. A model priced by tokens (GPT image models) reports them, and
 * they are the bill, as OpenAI's (pricing.ts then charges no per-image price); otherwise each
 * image is priced by its quality and size, and the prompt by its estimated tokens (free on
 * models without token prices: DALL·E, Imagen), the estimate the hold was taken with.
 */
export function imageUsage(made: GeneratedImages, prompt: PromptTokens): BillableUsage {
  const reported = made.usage;
  if (reported) return { images: made.images.length, inputTokens: reported.textInputTokens + reported.imageInputTokens, imageInputTokens: reported.imageInputTokens, outputTokens: reported.outputTokens };
  return { images: made.images.length, inputTokens: prompt.text + prompt.image, imageInputTokens: prompt.image };
}
