import { createdWorkspaceNames } from "../../../config/attendees";
import { blocker, managedBy, ok, warning, type CheckItem, type PreflightCheck } from "../check";

/** Which of the config's workspaces this stack manages, exist and are adopted, are in the way, or are to create. */
export const workspacesCheck: PreflightCheck = (config, facts) => {
  const existing = facts.workspaces;
  const managed = managedBy(facts);
  if (existing === undefined || managed === undefined) return [];
  const imported = new Set(config.import?.workspaces);
  const items: CheckItem[] = [];
  let toCreate = 0;
  let kept = 0;
  for (const name of createdWorkspaceNames(config)) {
    const subject = `workspace "${name}"`;
    const found = existing.get(name);
    if (managed.workspaces.has(name)) {
      if (found !== undefined) kept += 1;
      else items.push(warning(subject, "is managed by this stack but not in Terraform Cloud (deleted by hand?): the deploy creates it again, empty", "if it was deleted on purpose, nothing to do; its state history is gone"));
    } else if (found === undefined && imported.has(name)) items.push(blocker(subject, "is listed in import.workspaces but does not exist", "remove it from import.workspaces so that it is created"));
    else if (found === undefined) toCreate += 1;
    else if (imported.has(name)) items.push(ok(subject, `exists (execution mode ${found.executionMode}) and will be adopted`));
    else items.push(blocker(subject, `exists already (execution mode ${found.executionMode}) and this stack does not manage it: creating it would fail`, `add "${name}" to import.workspaces to adopt it`));
  }
  if (kept > 0) items.push(ok("workspaces", `${kept} managed by this stack`));
  if (toCreate > 0) items.push(ok("workspaces", `${toCreate} to create`));
  return items;
};
