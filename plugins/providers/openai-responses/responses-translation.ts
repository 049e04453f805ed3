import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { CanonicalRequest } from '../../../kernel/canonical/request';
import { createUpstreamError } from '../../../kernel/canonical/upstream-error';
import type { Logger } from '../../../kernel/logger';
import type { UpstreamConnection } from '../openai-chat/openai-chat-preset';
import { readStreamParts } from '../shared/read-stream-parts';
import { readUpstreamJson } from '../shared/read-upstream-json';
import { fetchUpstream, fetchUpstreamStream, joinUrl, type UpstreamRequest } from '../shared/upstream-fetch';
import { convertToResponsesRequest, MIN_OUTPUT_TOKENS } from './convert-to-responses-request';
import type { ResponseObject } from './response-object';
import { convertResponsesResponse, type OutputItem } from './responses-output';
import { ResponsesStreamParser } from './responses-stream-parser';

/** Another upstream protocol some of a provider's translated calls go through instead of its own. */
export interface ChatTranslation {
  /** Whether this call goes this way. */
  handles(request: CanonicalRequest, model: ModelInfo): boolean;
  generate: ChatProvider['generate'];
  stream: ChatProvider['stream'];
}

type ResponseBody = ResponseObject & { readonly output?: readonly OutputItem[]; readonly error?: { code?: string; message?: string } | null };

/** A model the upstream serves on this API only (`protocols`): every translated call to it comes here. */
const servedOnlyHere = (model: ModelInfo) => model.protocols !== undefined && model.protocols.includes('openai-responses') && !model.protocols.includes('openai-chat');

/**
 * Translated calls to OpenAI's reasoning models through the Responses API rather than Chat
 * Completions: only there does a model's reasoning come back (as a summary, and encrypted for
 * the next turn), so a client of another protocol (Claude Code on Messages) sees it as thinking
 * and hands it back, and the model continues its reasoning after tool calls instead of starting
 * over. `applies` picks the models; a call asking for fewer tokens than OpenAI's minimum
 * `max_output_tokens` stays on Chat Completions, which takes any, unless the model is served on
 * this API only (then it is asked for the minimum).
 */
export function openAIResponsesTranslation(connection: UpstreamConnection, options: { applies: (model: ModelInfo) => boolean; logger: Logger }): ChatTranslation {
  const upstream = (body: unknown, call: CallContext): UpstreamRequest => ({
    provider: connection.name, url: joinUrl(connection.baseUrl, 'responses'), headers: connection.headers, body, signal: call.signal, fetch: connection.fetch,
  });
  return {
    handles(request, model) {
      if (servedOnlyHere(model)) return true;
      return options.applies(model) && (request.maxTokens === undefined || request.maxTokens >= MIN_OUTPUT_TOKENS);
    },
    async generate(request, model, call) {
      const response = await fetchUpstream(upstream(convertToResponsesRequest({ ...request, stream: false }, model), call), connection.readError);
      const body = await readUpstreamJson<ResponseBody>(connection.name, response, call.signal);
      if (body?.status === 'failed' || body?.error) {
        const read = connection.readError(response.status, { error: body.error ?? {} });
        throw createUpstreamError(connection.name, { kind: read.kind ?? 'upstream', message: read.message ?? 'the upstream reported the response failed', status: response.status });
      }
      return convertResponsesResponse(body, model, request.reasoning?.enabled === true);
    },
    async stream(request, model, call) {
      const stream = await fetchUpstreamStream(upstream(convertToResponsesRequest({ ...request, stream: true }, model), call), connection.readError);
      return (async function* () {
        for await (const part of readStreamParts(stream, new ResponsesStreamParser(model.id, request.reasoning?.enabled === true), call.signal)) {
          if (part.type === 'error') options.logger.warn({ requestId: call.requestId, provider: connection.name, kind: part.error.kind }, 'upstream stream failed');
          yield part;
        }
      })();
    },
  };
}
