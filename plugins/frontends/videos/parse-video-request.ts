import { VIDEO_VARIANTS, type VideoVariant } from '../../../kernel/canonical/modality-providers';
import { videosErrors } from './errors';

export interface VideoClientRequest {
  readonly model: string;
  readonly prompt: string;
  readonly seconds?: number;
  readonly size?: string;
}

function invalid(param: string, reason: string): never {
  throw videosErrors.create('BSK_VIDEOS_INVALID_REQUEST', { param, reason });
}

/**
 * The model a request that names none gets. OpenAI's own default, sora-2, went with its Videos API
 * (shut down 2026-09-24); Veo 3 Fast is the cheaper of the two shipped video models, as sora-2 was.
 */
const DEFAULT_MODEL = 'veo-3.0-fast-generate-001';

/** JSON or multipart fields (the openai SDK sends multipart; `seconds` is a string there and in OpenAI's API). */
export function parseVideoRequest(fields: unknown): VideoClientRequest {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return invalid('body', 'must be a JSON object or multipart/form-data');
  const { prompt, model, seconds, size } = fields as Record<string, unknown>;
  if (typeof prompt !== 'string' || prompt.trim() === '') return invalid('prompt', 'must be a non-empty string');
  if (model !== undefined && (typeof model !== 'string' || model === '')) return invalid('model', 'must be a non-empty string');
  const secondsNumber = seconds === undefined ? undefined : Number(seconds);
  if (secondsNumber !== undefined && (!Number.isInteger(secondsNumber) || secondsNumber < 1)) return invalid('seconds', 'must be a whole number of seconds');
  if (size !== undefined && typeof size !== 'string') return invalid('size', 'must be a string like "1280x720"');
  return { model: (model as string | undefined) ?? DEFAULT_MODEL, prompt, ...(secondsNumber === undefined ? {} : { seconds: secondsNumber }), ...(size === undefined ? {} : { size }) };
}

/** `GET /v1/videos/{id}/content?variant=`: OpenAI's `video` (the default), `thumbnail` or `spritesheet`. */
export function parseContentVariant(query: unknown): VideoVariant {
  const variant = (query as Record<string, unknown> | undefined)?.variant;
  if (variant === undefined) return 'video';
  if (!VIDEO_VARIANTS.includes(variant as VideoVariant)) return invalid('variant', `must be one of: ${VIDEO_VARIANTS.join(', ')}`);
  return variant as VideoVariant;
}
