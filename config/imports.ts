import type { Unplaced } from "./exhaustive";
import type { WorkshopConfig } from "./schema";

/**
 * What already exists in Terraform Cloud and is imported through Terraform import blocks instead of created,
 * by name, with the import ids the tfe provider 0.71 expects.
 */
export interface ImportIds {
  /** The organization's import id, its name, when it exists. */
  readonly organization?: string;
  /** The project's import id, its id (`prj-...`), when it exists. */
  readonly project?: string;
  /** Workspace name to `<organization>/<workspace>`, also right for its settings. */
  readonly workspaces: ReadonlyMap<string, string>;
  /** Team name to `<organization>/<team>`. */
  readonly teams: ReadonlyMap<string, string>;
  /** Team name, then workspace name, to `<organization>/<workspace>/<tws-...>`. */
  readonly teamAccess: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Reads the config's `import` section; with none, nothing is imported. */
export function importIds(config: WorkshopConfig): ImportIds {
  const organization = config.organization.name;
  // Every field of the section is placed here: a new one fails the type check until it is.
  const {
    organization: importOrganization,
    project,
    workspaces,
    teams,
    teamAccess,
    ...unplaced
  } = config.import ?? {
    organization: false,
    project: undefined,
    workspaces: [],
    teams: [],
    teamAccess: new Map<string, ReadonlyMap<string, string>>(),
  };
  unplaced satisfies Unplaced;
  const prefixed = (names: readonly string[]) => new Map(names.map((name) => [name, `${organization}/${name}`]));
  return {
    organization: importOrganization ? organization : undefined,
    project,
    workspaces: prefixed(workspaces),
    teams: prefixed(teams),
    teamAccess: new Map(
      [...teamAccess].map(([team, accesses]) => [
        team,
        new Map([...accesses].map(([workspace, id]) => [workspace, `${organization}/${workspace}/${id}`])),
      ]),
    ),
  };
}
