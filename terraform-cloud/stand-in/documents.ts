import type { Reply } from "./model";

/** The largest page the API serves, and the one it serves when none is asked. */
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

/** One JSON:API resource object. */
export function resource(
  type: string,
  id: string,
  attributes: Record<string, unknown>,
  relationships?: Record<string, unknown>,
) {
  return { id, type, attributes, ...(relationships === undefined ? {} : { relationships }) };
}

/** One resource as the whole answer. */
export const one = (data: unknown): Reply => ({ status: 200, body: { data } });

const errors = (status: number, title: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { errors: [{ status: String(status), title }] },
  ...(headers === undefined ? {} : { headers }),
});
export const notFound = errors(404, "not found");
export const unauthorized = errors(401, "unauthorized");
export const badInclude = errors(400, "Invalid include parameter");

/** The methods the stand-in answers: it serves reads only, and creates, changes and deletes nothing. */
export const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"]);
/**
 * Any other method's answer, so that a write tried against a rehearsal (the docs' curl that creates the state
 * workspaces) fails as `curl --fail-with-body` shows, rather than succeeding with a list and creating nothing.
 */
export const methodNotAllowed = errors(405, "method not allowed", { Allow: [...READ_METHODS].join(", ") });

/** Whether the `include` asked, if any, names only related resources the endpoint documents. */
export function includesDocumented(url: URL, documented: ReadonlySet<string>): boolean {
  const include = url.searchParams.get("include");
  return include === null || include.split(",").every((item) => documented.has(item));
}

/** The page asked for, as the documentation's query parameters give it: the first of 20 when not said, at most 100. */
function pageAsked(url: URL): { readonly size: number; readonly number: number } {
  const size = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Number(url.searchParams.get("page[size]") ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE),
  );
  return { size, number: Math.max(1, Number(url.searchParams.get("page[number]") ?? 1) || 1) };
}

/** The `links` of a list page, as the pagination section of the API documentation shows them: full addresses. */
function pageLinks(url: URL, number: number, totalPages: number): Record<string, string | null> {
  const to = (target: number) => {
    const link = new URL(url);
    link.searchParams.set("page[number]", String(target));
    return link.href;
  };
  return {
    self: to(number),
    first: to(1),
    prev: number > 1 ? to(number - 1) : null,
    next: number < totalPages ? to(number + 1) : null,
    last: to(totalPages),
  };
}

/** A page of a list, as the pagination section of the API documentation shows it: `links` and `meta.pagination`. */
export function page(items: unknown[], url: URL, included: unknown[] = []): Reply {
  const { size, number } = pageAsked(url);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  return {
    status: 200,
    body: {
      data: items.slice((number - 1) * size, number * size),
      ...(included.length > 0 ? { included } : {}),
      links: pageLinks(url, number, totalPages),
      meta: {
        pagination: {
          "current-page": number,
          "page-size": size,
          "prev-page": number > 1 ? number - 1 : null,
          "next-page": number < totalPages ? number + 1 : null,
          "total-pages": totalPages,
          "total-count": items.length,
        },
      },
    },
  };
}

/**
 * A page of a list whose documented sample response carries `data` only (teams, team tokens): so is a list that
 * fits on one page; a longer one has the `links` the pagination section shows, and no `meta`.
 */
export function dataOnlyPage(items: unknown[], url: URL): Reply {
  const { size, number } = pageAsked(url);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const data = items.slice((number - 1) * size, number * size);
  return { status: 200, body: totalPages === 1 ? { data } : { data, links: pageLinks(url, number, totalPages) } };
}
