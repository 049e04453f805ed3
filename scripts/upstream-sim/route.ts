import type { IncomingHttpHeaders } from 'node:http';
import type { Directives } from './directives';
import type { FixtureStore } from './fixture-store';
import type { JobStore } from './job-store';
import type { ProviderName } from './provider-errors';
import type { Reply, SseFraming } from './reply';

/** A request after the pipeline has read, parsed and authenticated it. */
export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** Named groups of the route's pattern. */
  readonly params: Record<string, string>;
  /** `http://host:port` as the client reached the simulator, for URLs handed out in answers. */
  readonly origin: string;
}

/** What routes share across requests. */
export interface RouteServices {
  readonly fixtures: FixtureStore;
  readonly jobs: JobStore;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path; named groups become `params`. */
  readonly pattern: RegExp;
  readonly provider: ProviderName;
  /** The text this endpoint reads directives from: the last user turn, the input, the query... */
  readonly directiveText?: (request: SimRequest) => string;
  /** How a `[[fixture:...]]` replays here: as a stream in this framing, or a JSON body. */
  readonly fixtureMode?: (request: SimRequest) => SseFraming | 'json';
  /** An error once the model is answering comes as a 200 whose body is the error (OpenRouter), not as an error status. */
  readonly errorsInBody?: boolean;
  readonly handle: (request: SimRequest, directives: Directives, services: RouteServices) => Reply | Promise<Reply>;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: { ...match.groups } };
  }
  return undefined;
}
