import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ByteSpikeApi, GatewayReply } from '../shared/bytespike-api';
import { toolErrors } from '../shared/errors';
import type { McpToolServerDefinition, ToolRunContext, ToolSpec } from '../shared/tool-server-definition';
import { billedResult, chooseModel, modelsOf } from '../shared/tool-results';
import { type ImageDatum, imageContent, imageUrlOf, readInputImage } from './image-content';

interface ImagesAnswer {
  readonly data?: readonly ImageDatum[];
}

/** Accepted by every image model ByteSpike lists, so it is the default. */
const DEFAULT_SIZE = '1024x1024';

function commonProperties(imageModels: readonly string[]) {
  return {
    prompt: { type: 'string', minLength: 1, description: 'What the image should show.' },
    model: { type: 'string', enum: imageModels, description: `The ByteSpike image model (default ${imageModels[0]}).` },
    size: { type: 'string', pattern: '^(auto|[1-9][0-9]*x[1-9][0-9]*)$', default: DEFAULT_SIZE, description: 'WIDTHxHEIGHT, as the model accepts.' },
    n: { type: 'integer', minimum: 1, maximum: 4, default: 1, description: 'How many images.' },
  };
}

async function toResult(reply: GatewayReply<ImagesAnswer>, model: string, context: ToolRunContext): Promise<CallToolResult> {
  const data = reply.body.data;
  if (!Array.isArray(data) || data.length === 0) throw toolErrors.create('BSK_TOOLS_MALFORMED_RESPONSE', { endpoint: 'the images endpoint', reason: 'no data[] with images' });
  const content = (await Promise.all(data.map((datum, index) => imageContent(context.api, datum, index, context.signal)))).flat();
  const urls = data.flatMap((datum) => imageUrlOf(context.api, datum) ?? []);
  return billedResult(content, { credits: reply.credits, requestIds: reply.requestId ? [reply.requestId] : [] }, { model, urls });
}

async function appendImage(form: FormData, field: string, api: ByteSpikeApi, source: string, signal: AbortSignal): Promise<void> {
  const image = await readInputImage(api, source, signal);
  form.append(field, new Blob([Buffer.from(image.bytes)], { type: image.mimeType }), `${field}.${image.mimeType.split('/')[1] ?? 'png'}`);
}

function generateImageTool(imageModels: readonly string[]): ToolSpec {
  return {
    name: 'generate_image',
    title: 'Generate an image',
    description: 'Create images from a prompt with a ByteSpike image model. Returns each image and its URL; billed to your key, the result reports its credits.',
    inputSchema: { type: 'object', properties: commonProperties(imageModels), required: ['prompt'], additionalProperties: false },
    async run(args, context) {
      const model = chooseModel(args.model, imageModels, 'images');
      const reply = await context.api.postJson<ImagesAnswer>('/v1/images/generations', { model, prompt: args.prompt, size: args.size, n: args.n }, context.signal);
      return toResult(reply, model, context);
    },
  };
}

function editImageTool(imageModels: readonly string[]): ToolSpec {
  const source = { type: 'string', minLength: 1, description: 'A URL returned by generate_image (or any image on your gateway), or a data: URL.' };
  return {
    name: 'edit_image',
    title: 'Edit an image',
    description: 'Change an existing image following a prompt (models that support edits, e.g. gpt-image-1). Returns the new image and its URL; billed to your key.',
    inputSchema: { type: 'object', properties: { ...commonProperties(imageModels), image: source, mask: { ...source, description: 'Optional PNG mask: transparent where the image may change.' } }, required: ['prompt', 'image'], additionalProperties: false },
    async run(args, context) {
      const model = chooseModel(args.model, imageModels, 'images');
      const form = new FormData();
      for (const field of ['model', 'prompt', 'size', 'n'] as const) form.append(field, String(field === 'model' ? model : args[field]));
      await appendImage(form, 'image', context.api, String(args.image), context.signal);
      if (typeof args.mask === 'string') await appendImage(form, 'mask', context.api, args.mask, context.signal);
      const reply = await context.api.postForm<ImagesAnswer>('/v1/images/edits', form, context.signal);
      return toResult(reply, model, context);
    },
  };
}

export const imageTools: McpToolServerDefinition = {
  name: 'image-tools',
  version: '0.1.0',
  description: 'Generate and edit images with ByteSpike image models. Each call is billed to your ByteSpike key.',
  tools(models) {
    const imageModels = modelsOf(models, 'images');
    return imageModels.length === 0 ? [] : [generateImageTool(imageModels), editImageTool(imageModels)];
  },
};
