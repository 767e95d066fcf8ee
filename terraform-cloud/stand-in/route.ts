import type { ApiPath, PathParameters } from "../resources/api-path";
import type { Reply, StandInIdentity, StandInOrganization } from "./model";

/** What the stand-in holds while it runs, shared by every route. */
export interface StandInWorld {
  readonly organizations: Map<string, StandInOrganization>;
  /** The state file behind each download address's secret, as the blob storage serves them. */
  readonly downloads: Map<string, string>;
  /** Each workspace's download secret, made once. */
  readonly secretFor: Map<string, string>;
  /** `http://127.0.0.1:<port>`, once listening. */
  address: string;
}

/** A request to a route: who asks, the address asked, and the values of the route's path. */
export interface RouteRequest<Values> {
  readonly world: StandInWorld;
  readonly identity: StandInIdentity;
  readonly url: URL;
  readonly values: Values;
}

/** One path the stand-in answers: the reply, or undefined when the path is not this route's. */
export interface Route {
  answer(pathname: string, request: Omit<RouteRequest<unknown>, "values">): Reply | undefined;
}

/** A route that answers the requests its {@link ApiPath} matches: the client builds its paths from the same one. */
export function route<Template extends string>(
  path: ApiPath<Template>,
  answer: (request: RouteRequest<Readonly<Record<PathParameters<Template>, string>>>) => Reply,
): Route {
  return {
    answer: (pathname, request) => {
      const values = path.match(pathname);
      return values === undefined ? undefined : answer({ ...request, values });
    },
  };
}
