import type { ModelInfo } from '../../../kernel/canonical/model';
import { withDeveloperMessagesAsSystem } from './fit-passthrough-developer-role';
import { withTextPartsAsString } from './fit-passthrough-text-content';
import { withFittedToolCallIds } from './fit-passthrough-tool-call-ids';
import { withJsonSchemaAsInstruction } from './json-schema-as-instruction';
import { FIXED_SAMPLING_FIELDS, type OpenAIChatWireShape } from './openai-chat-preset';
import { withThinkingSwitch } from './thinking-switch';

/**
 * A passthrough body with its token cap in the field this model takes: GPT-5 and the o-series
 * refuse `max_tokens` (HTTP 400), DeepSeek and Kimi know only `max_tokens`, so a client written
 * for one model still works with another, as on the translated path (where
 * `max_completion_tokens` also wins when both are given).
 */
function withTokenCapField(body: Record<string, unknown>, field: OpenAIChatWireShape['maxTokensField']): Record<string, unknown> {
  const other = field === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  if (!(other in body)) return body;
  const { [other]: _replaced, ...rest } = body;
  return { ...rest, [field]: body.max_completion_tokens ?? body.max_tokens };
}

/** A passthrough body without the sampling fields a `fixedSampling` model refuses any value of but its own. */
function withoutFixedSamplingFields(body: Record<string, unknown>, shape: OpenAIChatWireShape): Record<string, unknown> {
  if (!shape.fixedSampling || !FIXED_SAMPLING_FIELDS.some((field) => field in body)) return body;
  const fitted = { ...body };
  for (const field of FIXED_SAMPLING_FIELDS) delete fitted[field];
  return fitted;
}

/**
 * A passthrough body changed only where `model`'s upstream would refuse it as the client wrote
 * it. Each step hands back the body itself when it has nothing to change, so a body that needs
 * none goes upstream as it came, uncopied.
 */
export function fitPassthroughBody(body: Record<string, unknown>, model: ModelInfo, shape: OpenAIChatWireShape): Record<string, unknown> {
  const capped = withoutFixedSamplingFields(withTokenCapField(body, shape.maxTokensField), shape);
  const fitted = withFittedToolCallIds(shape.thinkingSwitch ? withThinkingSwitch(capped, model, shape) : capped);
  // Roles first: the schema instruction then joins the system message a `developer` one became,
  // and text parts last, the instruction's among them.
  const instructed = withJsonSchemaAsInstruction(shape.refusesDeveloperRole ? withDeveloperMessagesAsSystem(fitted) : fitted, model);
  return shape.stringContentRoles ? withTextPartsAsString(instructed, shape.stringContentRoles) : instructed;
}
