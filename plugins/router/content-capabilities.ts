import type { ModelCapability, ModelInfo } from '../../kernel/canonical/model';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { gatewayErrors } from './gateway-errors';

interface Need { readonly capability: ModelCapability; readonly what: string }

const NEEDS: Readonly<Record<string, Need>> = { image: { capability: 'vision', what: 'images' }, document: { capability: 'documents', what: 'documents (PDF)' } };
const TOOL_RESULT_NEEDS: Readonly<Record<string, Need>> = {
  image: { capability: 'vision', what: 'images (in a tool result)' }, document: { capability: 'documents', what: 'documents (PDF, in a tool result)' },
};

/** Each capability the request needs a model to have, named after the first part that needs it. */
function neededCapabilities(request: CanonicalRequest): Need[] {
  const needs = new Map<ModelCapability, Need>();
  const note = (need: Need | undefined) => {
    if (need && !needs.has(need.capability)) needs.set(need.capability, need);
  };
  for (const message of request.messages) {
    if (message.role === 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'tool-result') for (const item of part.content) note(TOOL_RESULT_NEEDS[item.type]);
      else note(NEEDS[part.type]);
    }
  }
  return [...needs.values()];
}

/**
 * Refuses, before anything is held, content the model cannot read: an image sent to DeepSeek or
 * Kimi K2 would otherwise be refused by the upstream, or worse, dropped and the answer billed
 * without the model having seen it. The catalog's capabilities decide (a model added by config
 * without `vision` takes no images: its entry should say so).
 */
export function refuseUnreadableContent(request: CanonicalRequest, models: Iterable<{ readonly model: ModelInfo }>): void {
  const needs = neededCapabilities(request);
  if (!needs.length) return;
  for (const { model } of models) {
    const lacking = needs.find((need) => !model.capabilities.includes(need.capability));
    if (lacking) throw gatewayErrors.create('BSK_GATEWAY_MODEL_CAPABILITY', { model: model.id, what: lacking.what, capability: lacking.capability });
  }
}
