import { estimateTextTokens } from '../../../kernel/canonical/estimate-tokens';
import { readImageSize, type ImageSize } from '../../../kernel/canonical/image-size';
import { estimateImageTokens } from '../../../kernel/canonical/image-tokens';
import type { GeneratedImages, MediaFile } from '../../../kernel/canonical/modality-providers';
import type { ImageShapeClass, ModelPricing } from '../../../kernel/canonical/model';
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

/** An image's head, as base64: enough for its size. */
function headOf(file: MediaFile): string {
  return Buffer.from(file.bytes.subarray(0, HEAD_BYTES)).toString('base64');
}

/** An image's size from its header, when it says. */
function sizeOf(file: MediaFile): ImageSize | null {
  return readImageSize(headOf(file));
}

/**
 * What a prompt is estimated at, for the hold and where the upstream counts nothing. An image
 * counts as kernel/canonical/image-tokens.ts counts one, never below what a GPT image model bills
 * for it at the default input fidelity: OpenAI scales it to a 512-pixel short side, not 768, and
 * bills 129 tokens a tile plus 65, not 170 plus 85
 * (https://developers.openai.com/api/docs/guides/images-vision, "Calculating costs", GPT Image 1).
 * High input fidelity adds to that: see withHighFidelity.
 */
export function estimatePromptTokens(request: ImageClientRequest): PromptTokens {
  const files: readonly MediaFile[] = [...(request.images ?? []), ...(request.mask ? [request.mask] : [])];
  const image = files.reduce((sum, file) => sum + estimateImageTokens({ type: 'image', source: { kind: 'base64', mediaType: file.mimeType, data: headOf(file) } }), 0);
  return { text: estimateTextTokens(request.prompt), image };
}

/**
 * The class an image to edit is held at. OpenAI does not say where "square" ends, so only an
 * image of equal sides is held as one: any other is held at its orientation's count, which is
 * never below the square's, and one of unknown size at the dearest.
 */
function heldShapeClass(size: ImageSize | null): ImageShapeClass | undefined {
  if (!size) return undefined;
  if (size.width === size.height) return 'square';
  return size.width > size.height ? 'landscape' : 'portrait';
}

/**
 * The prompt with what `input_fidelity: "high"` adds to each image to edit (not the mask), from
 * the model's catalog (`pricing.highInputFidelityTokensPerImage`); the prompt as it is otherwise.
 */
export function withHighFidelity(prompt: PromptTokens, request: ImageClientRequest, pricing: ModelPricing): PromptTokens {
  const table = pricing.highInputFidelityTokensPerImage;
  if (request.options.inputFidelity !== 'high' || !table) return prompt;
  const dearest = Math.max(...Object.values(table));
  const added = (request.images ?? []).reduce((sum, file) => {
    const shape = heldShapeClass(sizeOf(file));
    return sum + (shape ? table[shape] : dearest);
  }, 0);
  return { text: prompt.text, image: prompt.image + added };
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
