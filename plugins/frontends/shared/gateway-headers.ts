import type { ModelInfo } from '../../../kernel/canonical/model';
import { retirementOf } from '../../../kernel/canonical/model-lifecycle';

/**
 * The models a response is about: the chat endpoints answer with another model than the one asked
 * for after a fallback, and each header says which of the two it describes. A model that answered
 * always comes with the one asked for; an error the gateway answered after resolving the request's
 * model (a limit, the hold, every model of the chain failing) has only the latter; an answer about
 * no model (an unknown one, a failure before the body was read) has neither.
 */
type ResponseModels =
  | {
      /**
       * The model that answered: `bytespike-model` names it (as the body and the bill do), so a
       * client sees that a fallback answered.
       */
      readonly model: ModelInfo;
      /**
       * The model the client asked for (its `model` field, resolved): `sunset` and `deprecation`
       * are its retirement's. They warn that the id in the client's code is about to stop
       * working, whichever model of its fallback chain answered this time; a fallback's own
       * retirement is no warning for a client that did not ask for it.
       */
      readonly requestedModel: ModelInfo;
    }
  | {
      readonly model?: undefined;
      /**
       * The model asked for, when no model answered: its retirement warns on an error as on a
       * success, or a client whose every call is refused would never learn that its model id is
       * going away.
       */
      readonly requestedModel?: ModelInfo | undefined;
    };

/**
 * Headers every gateway response carries (success or error, streamed or not), set on `headers`
 * (after what it holds, overriding any of the same name) and returned: a caller with headers of
 * its own hands over a fresh copy of them instead of spreading both into another object. A
 * requested model its provider has set a retirement for adds `sunset` (and `deprecation` when
 * known), worked out at boot (model-lifecycle.ts).
 */
export function gatewayHeaders(values: { estimatedCredits: number; overheadMs: number } & ResponseModels, headers: Record<string, string> = {}): Record<string, string> {
  headers.estimated_credits = String(values.estimatedCredits);
  headers['bytespike-overhead-ms'] = values.overheadMs.toFixed(2);
  if (values.model !== undefined) headers['bytespike-model'] = values.model.id;
  const { requestedModel } = values;
  if (requestedModel?.retiresAt !== undefined) Object.assign(headers, retirementOf(requestedModel)!.headers);
  return headers;
}

/** Client headers a native passthrough forwards upstream. */
export function forwardableHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = headers[name];
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

/** The raw `x-bytespike-flags` header (JSON), parsed and checked by the router's flag resolver. */
export function readFlagsHeader(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers['x-bytespike-flags'];
  return Array.isArray(value) ? value.join(',') : value;
}
