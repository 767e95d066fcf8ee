import { createdWorkspaceNames } from "../../../config/attendees";
import { blocker, ok, type CheckItem, type PreflightCheck } from "../check";

/** Which of the config's workspaces exist, in which execution mode, and whether each is imported or in the way. */
export const workspacesCheck: PreflightCheck = (config, facts) => {
  const existing = facts.workspaces;
  if (existing === undefined) return [];
  const imported = new Set(config.import?.workspaces);
  const items: CheckItem[] = [];
  let toCreate = 0;
  for (const name of createdWorkspaceNames(config)) {
    const subject = `workspace "${name}"`;
    const mode = existing.get(name);
    if (mode === undefined && imported.has(name)) items.push(blocker(subject, "is listed in import.workspaces but does not exist", "remove it from import.workspaces so that it is created"));
    else if (mode === undefined) toCreate += 1;
    else if (imported.has(name)) items.push(ok(subject, `exists (execution mode ${mode}) and will be adopted`));
    else items.push(blocker(subject, `exists already (execution mode ${mode}): creating it would fail`, `add "${name}" to import.workspaces to adopt it`));
  }
  if (toCreate > 0) items.push(ok("workspaces", `${toCreate} to create`));
  return items;
};
