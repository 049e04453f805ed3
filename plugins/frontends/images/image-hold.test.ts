import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../kernel/canonical/model';
import type { ImageProvider } from '../../../kernel/canonical/modality-providers';
import { startUpstreamSimulator, type UpstreamSimulator } from '../../../scripts/upstream-sim/index';
import { computeCredits, estimateMaxCredits, priceForShape } from '../../billing/pricing';
import { createOpenAIMediaProviders } from '../../providers/openai/openai-media-providers';
import { callContext } from '../../providers/shared/provider-test-support';
import { checkImageRequest } from './check-image-request';
import { estimatePromptTokens, imageCostBounds, imageUsage, withHighFidelity } from './image-usage';
import { type ImageClientRequest, parseEditRequest, parseGenerationRequest } from './parse-image-request';

/** The head of a PNG of this pixel size: all the gateway and the simulator read of an image to edit. */
function png(width: number, height: number): Buffer {
  const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000000000000000806000000', 'hex');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

/**
 * The requests held: a generation, an edit of one tiny image (which OpenAI counts at a tile), and
 * an edit of images OpenAI counts at one to four tiles (the most), a large one and a mask.
 */
const REQUESTS = {
  generation: [],
  'edit of a tiny image': [{ field: 'image', bytes: png(1, 1) }],
  'edit of images of every tile count': [png(1024, 1024), png(1024, 1100), png(1024, 1536), png(512, 1536), png(512, 2048), png(4096, 1024)].map((bytes) => ({ field: 'image[]', bytes })).concat({ field: 'mask', bytes: png(1024, 1024) }),
} satisfies Record<string, { field: string; bytes: Buffer }[]>;
const PROMPT = 'add a small red hat to the otter, keeping the background as it is';
const COUNT = 2;

let simulator: UpstreamSimulator;
let images: ImageProvider;

beforeAll(async () => {
  simulator = await startUpstreamSimulator({ port: 0 });
  images = createOpenAIMediaProviders({ apiKey: 'sim-upstream-key', baseUrl: simulator.baseUrls.openai, fetch: globalThis.fetch }).images;
});
afterAll(() => simulator.close());

/** Each edit is held at each `input_fidelity` the model takes (none: not sent); `high` adds tokens to each image to edit. */
const fidelitiesOf = (model: ModelInfo, files: readonly unknown[]): (string | undefined)[] => (files.length === 0 ? [undefined] : [undefined, ...((images.options(model).parameters.input_fidelity as string[] | undefined) ?? [])]);

function requestFor(files: readonly { field: string; bytes: Buffer }[], model: ModelInfo, quality: string, size: string, inputFidelity: string | undefined): ImageClientRequest {
  const fields = { model: model.upstreamId, prompt: PROMPT, n: COUNT, quality, size, ...(inputFidelity ? { input_fidelity: inputFidelity } : {}) };
  if (files.length === 0) return parseGenerationRequest(fields);
  const multipart = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, [String(value)]]));
  return parseEditRequest({ fields: multipart, files: files.map((file, index) => ({ ...file, filename: `${index}.png`, mimeType: 'image/png' })) });
}

/** What the route holds for the request, and what the upstream's answer bills, with and without its usage. */
async function holdAndBills(request: ImageClientRequest, model: ModelInfo): Promise<{ hold: number; bill: number; billWithoutUsage: number }> {
  const checked = checkImageRequest(request, images.options(model), model);
  const prompt = withHighFidelity(estimatePromptTokens(request), request, model.pricing);
  const hold = estimateMaxCredits(priceForShape(model.pricing, checked.shape), imageCostBounds(request, prompt));
  const made = await images.generateImages({ prompt: request.prompt, count: request.count, options: request.options, size: request.size!, quality: request.quality!, ...(request.images ? { images: request.images } : {}), ...(request.mask ? { mask: request.mask } : {}) }, model, callContext());
  expect(made.usage).toBeDefined();
  const madeShape = priceForShape(model.pricing, { quality: made.images[0]!.quality!, size: made.images[0]!.size! });
  return { hold, bill: computeCredits(madeShape, imageUsage(made, prompt)), billWithoutUsage: computeCredits(madeShape, imageUsage({ images: made.images }, prompt)) };
}

/** Whether a request asking for `asked` (a quality or size) may be made as `made`. */
const couldBecome = (asked: string, made: string) => made !== 'auto' && (asked === 'auto' || asked === made);

describe('the hold of a GPT image request', () => {
  for (const id of ['openai/gpt-image-1', 'openai/gpt-image-1-mini']) {
    for (const [kind, files] of Object.entries(REQUESTS)) {
      it(`covers the bill of every quality and size: ${id}, ${kind}`, async () => {
        const model = images.models().find((candidate) => candidate.id === id)!;
        const { qualities, sizes } = images.options(model);
        const runs: { fidelity: string | undefined; quality: string; size: string; hold: number; bill: number }[] = [];
        for (const fidelity of fidelitiesOf(model, files)) {
          for (const quality of qualities) {
            for (const size of sizes) {
              const { hold, bill, billWithoutUsage } = await holdAndBills(requestFor(files, model, quality, size, fidelity), model);
              expect(bill, `${fidelity} ${quality} ${size}: the bill from the upstream's usage`).toBeLessThanOrEqual(hold);
              expect(billWithoutUsage, `${fidelity} ${quality} ${size}: the bill without usage`).toBeLessThanOrEqual(hold);
              runs.push({ fidelity, quality, size, hold, bill: Math.max(bill, billWithoutUsage) });
            }
          }
        }
        // The simulator makes `auto` medium and square; OpenAI may make any: an auto hold covers the dearest bill it could become.
        for (const asked of runs) {
          const dearest = Math.max(...runs.filter((made) => made.fidelity === asked.fidelity && couldBecome(asked.quality, made.quality) && couldBecome(asked.size, made.size)).map((made) => made.bill));
          expect(dearest, `${asked.quality} ${asked.size}: the dearest bill it could become`).toBeLessThanOrEqual(asked.hold);
        }
      });
    }
  }
});
