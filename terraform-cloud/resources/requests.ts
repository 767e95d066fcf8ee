import { API_PREFIX, type ApiAnswer, type ApiClient, type FailedAnswer } from "../api-client";
import type { ApiPath, PathParameters } from "./api-path";
import type { ResourceParser } from "./resource";

/** A request that was never sent, since a value cannot stand in its path: no answer, naming the value. */
function notSent(path: ApiPath<string>, problem: string): FailedAnswer {
  return {
    kind: "failed",
    request: `GET ${API_PREFIX}${path.template}`,
    detail: `was not sent: ${problem}`,
    advice: "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud, whose answers gave the value",
  };
}

/** GETs the one resource at a path, its values checked and escaped; see {@link ApiClient.get}. */
export async function readOne<T, Template extends string>(
  client: ApiClient,
  path: ApiPath<Template>,
  values: Readonly<Record<PathParameters<Template>, string>>,
  parser: ResourceParser<T>,
): Promise<ApiAnswer<T>> {
  const built = path.build(values);
  return built.ok ? client.get(built.value, parser) : notSent(path, built.problem);
}

/** GETs every page of the list at a path, its values checked and escaped; see {@link ApiClient.list}. */
export async function readAll<T, Template extends string>(
  client: ApiClient,
  path: ApiPath<Template>,
  values: Readonly<Record<PathParameters<Template>, string>>,
  parser: ResourceParser<T>,
  query = "",
): Promise<ApiAnswer<T[]>> {
  const built = path.build(values);
  return built.ok ? client.list(`${built.value}${query}`, parser) : notSent(path, built.problem);
}
