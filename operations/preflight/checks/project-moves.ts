import { createdWorkspaceNames } from "../../../config/attendees";
import type { Workspace } from "../../../terraform-cloud/resources";
import { managedBy, warning, type PreflightCheck } from "../check";
import { count } from "../../../text/count";

/**
 * The config's workspaces that exist in another project than the config's, managed by this stack or adopted: the
 * deploy moves them into it (their project_id), and what they had from their old project stays there. A workspace in
 * the way is a blocker of the workspaces check, and one whose project the answer does not name is left unsaid.
 */
export const projectMovesCheck: PreflightCheck = (config, facts) => {
  const project = config.project;
  const managed = managedBy(facts);
  const existing = facts.workspaces;
  if (project === undefined || managed === undefined || existing === undefined || facts.projects === undefined)
    return [];
  // The project the workspaces go to: the one the stack manages, or adopts; a new one holds none of them yet.
  const target = managed.project?.id ?? config.import?.project;
  const imported = new Set(config.import?.workspaces);
  const moving = createdWorkspaceNames(config).flatMap((name): Workspace[] => {
    const found = existing.get(name);
    if (found === undefined || (!managed.workspaces.has(name) && !imported.has(name))) return [];
    if (target === undefined) return [found];
    return found.projectId === undefined || found.projectId === target ? [] : [found];
  });
  if (moving.length === 0) return [];
  const names = new Map(facts.projects.map((candidate) => [candidate.id, candidate.name]));
  const sources = new Map<string, number>();
  for (const workspace of moving) {
    const from =
      workspace.projectId === undefined
        ? "another project"
        : names.has(workspace.projectId)
          ? `"${names.get(workspace.projectId)}"`
          : workspace.projectId;
    sources.set(from, (sources.get(from) ?? 0) + 1);
  }
  const one = moving.length === 1;
  return [
    warning(
      "workspaces",
      `${count(moving.length, "workspace")} ${one ? "is" : "are"} in another project ` +
        `(${[...sources].map(([from, n]) => `${n} in ${from}`).join(", ")}): the deploy moves ` +
        `${one ? "it" : "them"} into project "${project.name}", where what ${one ? "it" : "they"} had from ` +
        "the old one (its team access, variable sets and policy sets) no longer reaches " +
        `${one ? "it" : "them"}`,
      `give project "${project.name}" what ${one ? "it needs" : "they need"} of the old one, if ` +
        `anything; ${one ? "its" : "their"} own team access moves with ${one ? "it" : "them"}`,
    ),
  ];
};
