import { PROJECTS_PATH } from "../resources/projects";
import { notFound, page, resource } from "./documents";
import type { StandInOrganization, StandInProject } from "./model";
import { route } from "./route";
import { organizationSeen } from "./visibility";

/** A project with the list's attributes and relationships as the Projects API documents them. */
function projectResource(organization: StandInOrganization, project: StandInProject, owner: boolean) {
  return resource(
    "projects",
    project.id,
    {
      name: project.name,
      description: project.description ?? null,
      "workspace-count": (organization.workspaces ?? []).filter((workspace) => workspace.projectId === project.id)
        .length,
      "team-count": 0,
      "auto-destroy-activity-duration": project.autoDestroyActivityDuration ?? null,
      "default-execution-mode": project.defaultExecutionMode ?? "remote",
      "setting-overwrites": {
        "execution-mode": project.defaultExecutionMode !== undefined,
        "stacks-execution-mode": false,
      },
      permissions: { "can-update": owner, "can-destroy": owner, "can-create-workspace": owner },
    },
    { organization: { data: { id: organization.name, type: "organizations" } } },
  );
}

/** An organization's projects, to its members. */
export const PROJECT_ROUTES = [
  route(PROJECTS_PATH, ({ world, identity, url, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined) return notFound;
    return page(
      (seen.organization.projects ?? []).map((project) => projectResource(seen.organization, project, seen.owner)),
      url,
    );
  }),
];
