import type { ModelInfo } from '../../../kernel/canonical/model';
import type { NativeProtocol } from '../../../kernel/canonical/provider';
import { isSealedReasoning } from '../../../kernel/canonical/sealed-reasoning';
import type { UpstreamConnection } from '../openai-chat/openai-chat-preset';
import { fitToolCallId, OPENAI_TOOL_CALL_IDS } from '../shared/fit-tool-call-ids';
import { joinUrl, sendRaw } from '../shared/upstream-fetch';
import { createOpenAIResponsesUsageTap } from './openai-responses-usage-tap';

const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

/**
 * The body as OpenAI gets it. The gateway keeps responses itself, for every provider (the
 * Responses front-end's stored-responses.ts), and has already put a `previous_response_id`'s
 * conversation in `input`: OpenAI gets the whole conversation and neither the gateway's id
 * (which it would not know) nor leave to keep anything, `store: false` whatever the client said
 * (OpenAI stores by default, which would leave clients' conversations in the operator's
 * account, under ids another provider could not continue from). With nothing stored at
 * OpenAI, reasoning goes back only as its encrypted content, so reasoning models are asked for
 * it, as the translated path always returns it.
 */
function statelessBody(body: Readonly<Record<string, unknown>>, model: ModelInfo): Record<string, unknown> {
  const include = Array.isArray(body.include) ? (body.include as unknown[]) : [];
  const askForReasoning = model.capabilities.includes('reasoning') && !include.includes(ENCRYPTED_REASONING);
  const { previous_response_id: _resolved, ...rest } = body;
  return { ...rest, store: false, ...(askForReasoning ? { include: [...include, ENCRYPTED_REASONING] } : {}), ...inputForOpenAI(body.input) };
}

type Item = Record<string, unknown> & { type?: unknown; call_id?: unknown; encrypted_content?: unknown };

const CALL_ITEMS = new Set(['function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output']);
/**
 * Reasoning OpenAI did not issue: under `store: false` OpenAI reads a reasoning item back only
 * from its encrypted content, so one without (the gateway's item for DeepSeek's or Kimi's
 * reasoning) is its 404 "Item with id ... not found", and one the gateway sealed for Claude or
 * Gemini its 400 as content it cannot verify.
 */
const foreignReasoning = (item: Item) => item?.type === 'reasoning' && (typeof item.encrypted_content !== 'string' || isSealedReasoning(item.encrypted_content));
const misfitCall = (item: Item) => CALL_ITEMS.has(item?.type as string) && typeof item.call_id === 'string' && !OPENAI_TOOL_CALL_IDS.fits(item.call_id);

/**
 * A conversation carried over from another model through the gateway, made fit for OpenAI:
 * reasoning OpenAI did not issue stays out (as reasoning the upstream cannot replay does on
 * every translated path), and call ids longer than OpenAI takes on Chat Completions (Gemini's carry a signature)
 * become a prefix and a hash, the same on a call and its output, as on Chat Completions passthrough.
 */
function inputForOpenAI(input: unknown): { input?: Item[] } {
  if (!Array.isArray(input) || !(input as Item[]).some((item) => foreignReasoning(item) || misfitCall(item))) return {};
  return {
    input: (input as Item[]).filter((item) => !foreignReasoning(item)).map((item) => (misfitCall(item) ? { ...item, call_id: fitToolCallId(item.call_id as string, OPENAI_TOOL_CALL_IDS) } : item)),
  };
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
