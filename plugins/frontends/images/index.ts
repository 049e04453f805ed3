import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GeneratedImage, ImageResponseFormat, ImageTokenUsage } from '../../../kernel/canonical/modality-providers';
import { definePlugin } from '../../../kernel/plugin';
import { createUnitEndpoint, openAIErrorHandler, unitAnswer, type UnitEndpointContext } from '../shared/unit-endpoint';
import { imagesErrors } from './errors';
import { multipartBodyOf, registerMultipartRoutes } from '../shared/multipart-scope';
import { type CheckedImageRequest, checkImageRequest } from './check-image-request';
import { estimatePromptTokens, imageCostBounds, imageUsage, withHighFidelity } from './image-usage';
import { type ImageClientRequest, parseEditRequest, parseGenerationRequest } from './parse-image-request';

/** How long an image URL works, like OpenAI's own (60 minutes). */
const URL_TTL_MS = 3_600_000;
/** What tells an image link's blob from the other media the store keeps (video content under its job id). */
const IMAGE_LINK_PREFIX = 'img_';

/** What the upstream made sets the price; as asked where it does not say. */
function shapeMade(images: readonly GeneratedImage[], asked: CheckedImageRequest['shape']): CheckedImageRequest['shape'] {
  const made = images[0];
  const quality = made?.quality ?? asked.quality;
  const size = made?.size ?? asked.size;
  return { ...(quality ? { quality } : {}), ...(size ? { size } : {}) };
}

/**
 * `url` is the gateway's link to the stored image. A base64 answer carries the image inline,
 * and its link (when it has one) as the extension field `bytespike_url`: OpenAI's answer has no
 * `url` there, and a client may read one as "download this instead".
 */
function toImageData(image: GeneratedImage, responseFormat: ImageResponseFormat, url: string | undefined) {
  const data = responseFormat === 'url' ? { url } : { b64_json: Buffer.from(image.bytes).toString('base64'), ...(url === undefined ? {} : { bytespike_url: url }) };
  return { ...data, ...(image.revisedPrompt ? { revised_prompt: image.revisedPrompt } : {}) };
}

/** The tokens billed, in OpenAI's `usage` shape, as a GPT image model's own answer carries them. */
function toWireUsage(usage: ImageTokenUsage) {
  const input = usage.textInputTokens + usage.imageInputTokens;
  return { input_tokens: input, input_tokens_details: { text_tokens: usage.textInputTokens, image_tokens: usage.imageInputTokens }, output_tokens: usage.outputTokens, total_tokens: input + usage.outputTokens };
}

export const activate = definePlugin((ctx) => {
  const http = ctx.use('http');
  const { app } = http;
  const gateway = () => ctx.use('gateway');
  const store = ctx.use('store');

  /**
   * Keeps the images in the shared store (any instance serves the links) until the links
   * expire, clearing expired ones first; returns their ids. An id is the only credential,
   * like the upstream's signed URLs: 192 random bits.
   */
  const keepImages = async (orgId: string, images: readonly GeneratedImage[]): Promise<string[]> => {
    const now = Date.now();
    await store.deleteExpiredMediaBlobs(new Date(now).toISOString());
    return Promise.all(images.map(async (image) => {
      const id = `${IMAGE_LINK_PREFIX}${randomBytes(24).toString('base64url')}`;
      await store.putMediaBlob({ id, orgId, mimeType: image.mimeType, bytes: Buffer.from(image.bytes), createdAt: new Date(now).toISOString(), expiresAt: new Date(now + URL_TTL_MS).toISOString() });
      return id;
    }));
  };

  /**
   * The links an answer needs, kept before the bill settles: images the gateway cannot link are
   * an answer it cannot give, so the request fails and its hold is released. The store's own
   * error stays in the log, not in the client's message.
   */
  const linkImages = (request: FastifyRequest, orgId: string, images: readonly GeneratedImage[]): Promise<string[]> => keepImages(orgId, images).catch((error: unknown) => {
    request.log.error({ err: error }, 'images made but not kept for their links');
    throw imagesErrors.create('BSK_IMAGES_NOT_KEPT', {}, { cause: error });
  });

  const generate = (parse: (request: FastifyRequest) => ImageClientRequest) => createUnitEndpoint(gateway, http, async ({ key, request, receivedAt, call, flags }: UnitEndpointContext) => {
    const parsed = parse(request);
    // Estimated once: the hold counts it, and so does the bill when the upstream reports no usage.
    const prompt = estimatePromptTokens(parsed);
    let checked: CheckedImageRequest = { shape: {}, responseFormat: 'url', linked: true };
    const run = await gateway().units.run(
      {
        key, requestId: request.id, modality: 'images', model: parsed.model, endpoint: parsed.images ? 'image edits' : 'image generation', receivedAt, call, flags,
        check: (provider, model) => void (checked = checkImageRequest(parsed, provider.options(model), model)),
        bounds: (model) => imageCostBounds(parsed, withHighFidelity(prompt, parsed, model.pricing)),
        shape: () => checked.shape,
      },
      async (provider, model, attempt) => {
        const made = await provider.generateImages({ prompt: parsed.prompt, count: parsed.count, options: parsed.options, ...(parsed.size ? { size: parsed.size } : {}), ...(parsed.quality ? { quality: parsed.quality } : {}), ...(parsed.images ? { images: parsed.images } : {}), ...(parsed.mask ? { mask: parsed.mask } : {}), ...(parsed.userId ? { userId: parsed.userId } : {}) }, model, attempt);
        const ids = checked.linked ? await linkImages(request, key.orgId, made.images) : [];
        return { result: { made, ids }, usage: imageUsage(made, withHighFidelity(prompt, parsed, model.pricing)), shape: shapeMade(made.images, checked.shape) };
      },
    );
    const { made: { images, usage }, ids } = run.result;
    const links = ids.map((id) => `${request.protocol}://${request.host}/v1/files/images/${id}`);
    const data = images.map((image, index) => toImageData(image, checked.responseFormat, links[index]));
    const body = { created: Math.floor(Date.now() / 1000), data, ...(usage ? { usage: toWireUsage(usage) } : {}) };
    return unitAnswer(run, body);
  });

  app.post('/v1/images/generations', { errorHandler: openAIErrorHandler }, generate((request) => parseGenerationRequest(request.body)));
  registerMultipartRoutes(app, (scope) => {
    scope.post('/v1/images/edits', { errorHandler: openAIErrorHandler }, generate((request) => parseEditRequest(multipartBodyOf(request))));
  });

  // No key needed: the unguessable id is the credential, as with the upstream's own image URLs.
  // Only image links: the same table keeps video content (and its previews) under the job's id,
  // which a key of another scope, or anyone the id reached, must not read here.
  app.get('/v1/files/images/:id', { errorHandler: openAIErrorHandler }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string };
    const image = id.startsWith(IMAGE_LINK_PREFIX) ? await store.getMediaBlob(id, new Date().toISOString()) : null;
    if (!image) throw imagesErrors.create('BSK_IMAGES_FILE_NOT_FOUND', { id });
    return reply.type(image.mimeType).header('cache-control', 'private, max-age=3600').send(image.bytes);
  });
});
