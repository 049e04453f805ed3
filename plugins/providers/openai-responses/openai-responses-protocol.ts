import type { ModelInfo } from '../../../kernel/canonical/model';
import type { NativeProtocol } from '../../../kernel/canonical/provider';
import { isSealedReasoning } from '../../../kernel/canonical/sealed-reasoning';
import type { UpstreamConnection } from '../openai-chat/openai-chat-preset';
import { joinUrl, sendRaw } from '../shared/upstream-fetch';
import { createOpenAIResponsesUsageTap } from './openai-responses-usage-tap';

const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

/**
 * The body as OpenAI gets it. The gateway keeps no responses (it refuses
 * `previous_response_id` for every model), so it has OpenAI keep none either: `store: false`,
 * whatever the client said (OpenAI stores by default, which would leave clients' conversations
 * in the operator's account). A stateless client hands reasoning back only as its encrypted
 * content, so reasoning models are asked for it, as the translated path always returns it.
 */
function statelessBody(body: Readonly<Record<string, unknown>>, model: ModelInfo): Record<string, unknown> {
  const include = Array.isArray(body.include) ? (body.include as unknown[]) : [];
  const askForReasoning = model.capabilities.includes('reasoning') && !include.includes(ENCRYPTED_REASONING);
  return { ...body, store: false, ...(askForReasoning ? { include: [...include, ENCRYPTED_REASONING] } : {}), ...withoutSealedReasoning(body.input) };
}

const sealedReasoning = (item: unknown) => (item as { type?: unknown })?.type === 'reasoning' && isSealedReasoning((item as { encrypted_content?: unknown }).encrypted_content);

/**
 * A conversation carried over from another model (Claude, Gemini through the gateway) holds
 * their reasoning sealed by the gateway, which OpenAI would refuse as content it cannot verify:
 * those items stay out, as reasoning the upstream cannot replay does on every translated path.
 */
function withoutSealedReasoning(input: unknown): { input?: unknown[] } {
  if (!Array.isArray(input) || !input.some(sealedReasoning)) return {};
  return { input: input.filter((item) => !sealedReasoning(item)) };
}

/**
 * OpenAI's Responses API (`POST /responses`) as a native protocol beside Chat Completions: a
 * Responses client reaches OpenAI's models without translation, so what Chat Completions
 * cannot carry survives (reasoning items and summaries, custom tools with their grammar).
 */
export function openAIResponsesProtocol(connection: UpstreamConnection): NativeProtocol {
  return {
    passthrough(body, model, call) {
      // Identity: the bytes are relayed as the upstream sent them, with nothing to decompress.
      return sendRaw({
        provider: connection.name, url: joinUrl(connection.baseUrl, 'responses'), headers: { ...connection.headers, 'accept-encoding': 'identity' },
        body: statelessBody(body, model), signal: call.signal, fetch: connection.fetch,
      });
    },
    createUsageTap: createOpenAIResponsesUsageTap,
  };
}
