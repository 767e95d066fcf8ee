import type { WorkshopConfig } from "./schema";

/**
 * What already exists in Terraform Cloud and is adopted through Terraform import blocks instead of created,
 * with the import ids the tfe provider 0.71 expects.
 */
export interface ImportPlan {
  /** Whether the organization exists; its import id is its name. */
  readonly organization: boolean;
  /** Import id of an existing workspace (`<organization>/<workspace>`, also right for its settings). */
  workspace(name: string): string | undefined;
  /** Import id of an existing team (`<organization>/<team>`). */
  team(name: string): string | undefined;
  /** Import id of an existing team access (`<organization>/<workspace>/<tws-...>`). */
  teamAccess(team: string, workspace: string): string | undefined;
}

/** Reads the config's `import` section; with none, nothing is imported. */
export function importPlan(config: WorkshopConfig): ImportPlan {
  const organization = config.organization.name;
  const adopted = config.import;
  const workspaces = new Set(adopted?.workspaces);
  const teams = new Set(adopted?.teams);
  return {
    organization: adopted?.organization ?? false,
    workspace: (name) => (workspaces.has(name) ? `${organization}/${name}` : undefined),
    team: (name) => (teams.has(name) ? `${organization}/${name}` : undefined),
    teamAccess: (team, workspace) => {
      const id = adopted?.teamAccess.get(team)?.get(workspace);
      return id === undefined ? undefined : `${organization}/${workspace}/${id}`;
    },
  };
}
