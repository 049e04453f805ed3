import type { FastifyRequest } from 'fastify';
import type { HttpHost } from '../../http/http-host';
import type { GatewayService } from '../../router/gateway-service';
import type { StoredResponseRow } from '../../stores/stored-response-repository';
import { createUnitEndpoint, openAIErrorHandler } from '../shared/unit-endpoint';
import { responsesReader as reader } from './errors';
import type { StoredResponses } from './stored-responses';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

type ListedItem = Readonly<Record<string, unknown>> & { readonly id: string };

/** OpenAI lists every input item with an id; one the client sent without gets one made from its response and place. */
function listedItems(row: StoredResponseRow): ListedItem[] {
  return row.inputItems.map((item, index) => {
    const fields = (item !== null && typeof item === 'object' ? item : {}) as Readonly<Record<string, unknown>>;
    return { ...fields, id: typeof fields.id === 'string' ? fields.id : `item_${row.id}_${index}` };
  });
}

/** A page of a response's input items, as OpenAI's list object: `order` (default `desc`), `limit` (1-100, default 20), `after` an item id. */
function pageOf(items: readonly ListedItem[], query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const order = reader.optionalChoice(query.order, 'order', ['asc', 'desc'] as const) ?? 'desc';
  // A query string's values are strings.
  const limit = reader.optionalNumber(query.limit === undefined ? undefined : Number(query.limit), 'limit', { integer: true, min: 1, max: MAX_PAGE }) ?? DEFAULT_PAGE;
  const after = reader.optionalString(query.after, 'after');
  const ordered = order === 'asc' ? items : [...items].reverse();
  const start = after === undefined ? 0 : ordered.findIndex((item) => item.id === after) + 1;
  const data = ordered.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < ordered.length };
}

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/**
 * `GET` and `DELETE /v1/responses/{id}` and `GET /v1/responses/{id}/input_items`, in OpenAI's
 * shapes, for the caller's org only: another org's id is as unknown as a made-up one. Free: no
 * credits are held or billed.
 */
export function registerStoredResponseRoutes(http: HttpHost, gateway: () => GatewayService, responses: StoredResponses): void {
  const { app } = http;
  // No upstream call: the whole answer is the gateway's time (createUnitEndpoint's default).
  const answer = (body: unknown) => ({ body, estimatedCredits: 0 });
  app.get('/v1/responses/:id', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async ({ key, request }) =>
    answer((await responses.get(key.orgId, idOf(request))).response)));
  app.delete('/v1/responses/:id', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async ({ key, request }) => {
    await responses.delete(key.orgId, idOf(request));
    return answer({ id: idOf(request), object: 'response', deleted: true });
  }));
  app.get('/v1/responses/:id/input_items', { errorHandler: openAIErrorHandler }, createUnitEndpoint(gateway, http, async ({ key, request }) =>
    answer(pageOf(listedItems(await responses.get(key.orgId, idOf(request))), request.query as Readonly<Record<string, unknown>>))));
}
