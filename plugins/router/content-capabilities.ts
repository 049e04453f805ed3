import type { ModelCapability, ModelInfo } from '../../kernel/canonical/model';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { gatewayErrors } from './gateway-errors';

/** The first part of the request a model needs a capability for, and that capability. */
function neededCapability(request: CanonicalRequest): { capability: ModelCapability; what: string } | undefined {
  for (const message of request.messages) {
    if (message.role === 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'image') return { capability: 'vision', what: 'images' };
      if (part.type === 'document') return { capability: 'documents', what: 'documents (PDF)' };
      if (part.type === 'tool-result' && part.content.some((item) => item.type === 'image')) return { capability: 'vision', what: 'images (in a tool result)' };
    }
  }
  return undefined;
}

/**
 * Refuses, before anything is held, content the model cannot read: an image sent to DeepSeek or
 * Kimi K2 would otherwise be refused by the upstream, or worse, dropped and the answer billed
 * without the model having seen it. The catalog's capabilities decide (a model added by config
 * without `vision` takes no images: its entry should say so).
 */
export function refuseUnreadableContent(request: CanonicalRequest, models: Iterable<{ readonly model: ModelInfo }>): void {
  const needed = neededCapability(request);
  if (!needed) return;
  for (const { model } of models) {
    if (!model.capabilities.includes(needed.capability)) throw gatewayErrors.create('BSK_GATEWAY_MODEL_CAPABILITY', { model: model.id, what: needed.what, capability: needed.capability });
  }
}
