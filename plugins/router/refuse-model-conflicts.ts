import type { WireProtocol } from '../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../kernel/canonical/request';
import { nativeProtocol } from './call-provider';
import { gatewayErrors } from './gateway-errors';
import type { ResolvedModel } from './model-catalog';

interface Conflict { readonly param: string; readonly reason: string }

const FORCED_TOOL = 'refuses a forced tool choice (it reasons on every request); send "auto" and ask for the tool in the prompt';
const PREFILL = 'refuses a conversation that ends in an assistant turn (a prefill); end it with a user turn';

function conflictOf(request: CanonicalRequest, { model }: ResolvedModel): Conflict | undefined {
  const forced = request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool';
  if (model.reasoningAlwaysOn && forced) return { param: 'tool_choice', reason: `${model.displayName} ${FORCED_TOOL}` };
  if (model.refusesPrefill && request.messages.at(-1)?.role === 'assistant') return { param: 'messages', reason: `${model.displayName} ${PREFILL}` };
  return undefined;
}

/**
 * Refuses, before anything is held, a translated request the model's upstream would refuse by its
 * catalog entry, as other translation blockers are refused: Claude Opus 5.5 and Sonnet 5.5 answer
 * a forced tool choice with a 400, and the other Claude 5 models refuse one alongside the thinking
 * they always have on here (platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5);
 * Claude 4.6 and later refuse a prefill ("Prefilling assistant messages is not supported for this
 * model."). A Messages client reaches Claude natively and gets Anthropic's own answer. Like content
 * a model cannot read (content-capabilities.ts), every model the request may reach is checked.
 */
export function refuseModelConflicts(request: CanonicalRequest, protocol: WireProtocol, models: Iterable<ResolvedModel>): void {
  for (const resolved of models) {
    if (!resolved.model.reasoningAlwaysOn && !resolved.model.refusesPrefill) continue;
    if (nativeProtocol(resolved.provider, protocol, resolved.model)) continue;
    const conflict = conflictOf(request, resolved);
    if (conflict) throw gatewayErrors.create('BSK_GATEWAY_UNTRANSLATABLE', { ...conflict, model: resolved.model.id, why: "its upstream does not speak the client's protocol" });
  }
}
