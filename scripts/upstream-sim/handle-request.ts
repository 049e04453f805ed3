import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDirectives, type Directives } from './directives';
import { selectActiveFault, type FailureCounters, type FaultSpec } from './faults';
import { checkPresentedKey, checkRequiredHeaders, readPresentedKey, requestIdHeader } from './provider-auth';
import { buildProviderError, type ProviderName } from './provider-errors';
import { readRequestBody } from './read-request-body';
import type { Reply } from './reply';
import type { RequestLog } from './request-log';
import { matchRoute, type Route, type RouteServices, type SimRequest } from './route';
import { sendReply, waitForClose } from './send-reply';
import { SimRequestError, type ErrorDetail } from './sim-request-error';

export interface PipelineState {
  readonly routes: readonly Route[];
  readonly services: RouteServices;
  readonly requests: RequestLog;
  readonly failures: FailureCounters;
  /** The key each provider accepts; a provider absent here accepts any non-empty key. */
  readonly apiKeys: Partial<Record<ProviderName, string>>;
  /** Path prefix -> provider, so an unknown path still gets its provider's 404 shape. */
  readonly prefixes: readonly (readonly [string, ProviderName])[];
}

function errorReply(provider: ProviderName, status: number, message?: string, retryAfterSeconds?: number, detail?: ErrorDetail): Reply {
  const error = buildProviderError(provider, status, message, retryAfterSeconds, detail);
  return { kind: 'json', status: error.status, body: error.body, headers: error.headers };
}

function faultHeader(request: SimRequest): string[] {
  const value = request.headers['x-sim-fault'];
  return value === undefined ? [] : [Array.isArray(value) ? value.join(',') : value];
}

/** The `x-sim-answer-as` header wins over an `[[answer-as:...]]` directive: it needs no prompt change. */
function withAnswerAsHeader(directives: Directives, request: SimRequest): Directives {
  const value = request.headers['x-sim-answer-as'];
  const model = (Array.isArray(value) ? value[0] : value)?.trim();
  return model ? { ...directives, answerAs: model } : directives;
}

async function answer(route: Route, request: SimRequest, directives: Directives, services: RouteServices): Promise<Reply> {
  if (directives.fixture === undefined) return route.handle(request, directives, services);
  const mode = route.fixtureMode?.(request) ?? 'json';
  return mode === 'json' ? services.fixtures.jsonReply(directives.fixture) : services.fixtures.streamReply(directives.fixture, mode);
}

/** Runs one authenticated request through directives, faults and the route's answer. */
async function respond(state: PipelineState, route: Route, request: SimRequest, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  let fault: FaultSpec | undefined;
  let directives: Directives | undefined;
  let reply: Reply;
  try {
    directives = withAnswerAsHeader(parseDirectives(route.directiveText?.(request) ?? ''), request);
    fault = selectActiveFault([...directives.faults, ...faultHeader(request)], state.failures);
    if (directives.delayMs > 0) await sleep(directives.delayMs);
    if (fault?.hang) return waitForClose(response);
    reply = fault?.status !== undefined
      ? errorReply(route.provider, fault.status, undefined, fault.retryAfterSeconds)
      : await answer(route, request, directives, state.services);
  } catch (error) {
    if (!(error instanceof SimRequestError)) throw error;
    reply = errorReply(route.provider, error.status, error.message, undefined, error.detail);
  }
  const transportFault = fault?.status === undefined ? fault : undefined;
  await sendReply(response, reply, { provider: route.provider, chunkDelayMs: directives?.chunkDelayMs ?? 0, headers, errorsInBody: route.errorsInBody === true, ...(transportFault ? { fault: transportFault } : {}) });
}

function rejection(provider: ProviderName, request: SimRequest, apiKeys: PipelineState['apiKeys']): Reply | undefined {
  const keyProblem = checkPresentedKey(provider, readPresentedKey(provider, request.headers, request.url), apiKeys[provider]);
  if (keyProblem) return errorReply(provider, 401, keyProblem);
  const headerProblem = checkRequiredHeaders(provider, request.headers);
  return headerProblem ? errorReply(provider, 400, headerProblem) : undefined;
}

export async function handleProviderRequest(state: PipelineState, incoming: IncomingMessage, response: ServerResponse, url: URL, origin: string): Promise<void> {
  const method = incoming.method ?? 'GET';
  const match = matchRoute(state.routes, method, url.pathname);
  const provider = match?.route.provider ?? state.prefixes.find(([prefix]) => url.pathname.startsWith(prefix))?.[1] ?? null;
  const body = await readRequestBody(incoming);
  state.requests.record({ provider, method, url, headers: incoming.headers, body: body.parsed, rawBody: body.text });
  const idHeader = provider ? requestIdHeader(provider) : undefined;
  const headers: Record<string, string> = idHeader ? { [idHeader]: `req_sim_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}` } : {};
  const request: SimRequest = { method, url, headers: incoming.headers, body: body.parsed, params: match?.params ?? {}, origin };
  if (!match) {
    const reply = provider ? errorReply(provider, 404, `simulator: no ${method} ${url.pathname}`) : { kind: 'json' as const, status: 404, body: { error: `simulator: no route ${method} ${url.pathname}` } };
    return sendReply(response, reply, { provider: provider ?? 'openai', chunkDelayMs: 0, headers });
  }
  const refused = rejection(match.route.provider, request, state.apiKeys);
  if (refused) return sendReply(response, refused, { provider: match.route.provider, chunkDelayMs: 0, headers });
  return respond(state, match.route, request, response, headers);
}
