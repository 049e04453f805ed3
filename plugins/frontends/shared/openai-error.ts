import { readErrorFacts, retryHeaders, type ErrorFacts } from './read-error-facts';

export interface OpenAIErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly code: string | null; readonly param: string | null };
}

export interface OpenAIWireError {
  readonly status: number;
  readonly body: OpenAIErrorBody;
  readonly headers: Record<string, string>;
}

/**
 * OpenAI's error `type` for a status. 402 (wallet empty) is `insufficient_quota` but keeps
 * its 402: OpenAI sends that type with 429, which makes its SDK retry a request that cannot
 * succeed. Anthropic's 529 "overloaded" becomes 503, the status OpenAI clients know.
 */
function classify(status: number): { readonly status: number; readonly type: string } {
  switch (status) {
    case 401: return { status, type: 'authentication_error' };
    case 402: return { status, type: 'insufficient_quota' };
    case 403: return { status, type: 'permission_error' };
    case 404: return { status, type: 'not_found_error' };
    case 429: return { status, type: 'rate_limit_exceeded' };
    case 529: return { status: 503, type: 'server_error' };
    default: return { status, type: status >= 500 ? 'server_error' : 'invalid_request_error' };
  }
}

/** `code` is the stable BSK_* code (listed in the error catalogue), `param` the field at fault. */
export function toOpenAIErrorBody(facts: ErrorFacts): OpenAIErrorBody {
  return { error: { message: facts.message, type: classify(facts.status).type, code: facts.code ?? null, param: facts.param ?? null } };
}

/** Anything thrown on the request path → OpenAI's error answer (Chat Completions and Responses share it), `retry-after` passed on. */
export function toOpenAIError(error: unknown): OpenAIWireError {
  const facts = readErrorFacts(error);
  return { status: classify(facts.status).status, body: toOpenAIErrorBody(facts), headers: retryHeaders(facts) };
}
