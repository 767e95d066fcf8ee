import { createdWorkspaceNames } from "../../../config/attendees";
import {
  blocker,
  importedButUnlisted,
  importedByTheMove,
  managedBy,
  managedByWhom,
  managedButUnlisted,
  ok,
  renamedByHand,
  roomRenames,
  seesEverything,
  toCreateItems,
  type CheckItem,
  type PreflightCheck,
} from "../check";

/** Which of the config's workspaces this stack manages, exist and are adopted, are in the way, or are to create. */
export const workspacesCheck: PreflightCheck = (config, facts) => {
  const existing = facts.workspaces;
  const managed = managedBy(facts);
  if (existing === undefined || managed === undefined) return [];
  const imported = new Set(config.import?.workspaces);
  // A renamed attendee workspace is the room-renames check's; the others are either seen, or absent only when the
  // token sees everything.
  const renamedTo = new Set(roomRenames(config, managed).workspaces.map((rename) => rename.to));
  const moving = importedByTheMove(config);
  const seesAll = seesEverything(facts);
  const items: CheckItem[] = [];
  const toCreate: string[] = [];
  const unseen: string[] = [];
  let kept = 0;
  for (const name of createdWorkspaceNames(config)) {
    if (renamedTo.has(name) || (moving.has(name) && !managed.workspaces.has(name))) continue;
    const subject = `workspace "${name}"`;
    const found = existing.get(name);
    const held = managed.workspaces.get(name);
    if (held !== undefined) {
      if (found !== undefined) kept += 1;
      else
        items.push(
          renamedByHand(subject, held, existing.values(), "with its state and runs") ??
            managedButUnlisted(subject, seesAll, {
              finding: "the deploy creates it again, empty",
              fix: "if it was deleted on purpose, nothing to do; its state history is gone",
            }),
        );
    } else if (found === undefined && imported.has(name))
      items.push(importedButUnlisted(subject, seesAll, "workspaces"));
    else if (found === undefined && !seesAll) unseen.push(name);
    else if (found === undefined) toCreate.push(name);
    else if (imported.has(name))
      items.push(ok(subject, `exists (execution mode ${found.executionMode}) and will be adopted`));
    else
      items.push(
        blocker(
          subject,
          `exists already (execution mode ${found.executionMode}) and this ` +
            "stack does not manage it: creating it would fail",
          `add "${name}" to import.workspaces to adopt it`,
        ),
      );
  }
  if (kept > 0) items.push(ok("workspaces", `${kept} ${managedByWhom(config, facts)}`));
  return [...items, ...toCreateItems("workspaces", toCreate, unseen)];
};
