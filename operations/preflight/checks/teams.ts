import { createdTeamNames } from "../../../config/attendees";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import {
  blocker,
  importedButUnlisted,
  importedByTheMove,
  managedByWhom,
  managedBy,
  managedButUnlisted,
  ok,
  renamedByHand,
  roomRenames,
  seesEverything,
  toCreateItems,
  type CheckItem,
  type PreflightCheck,
} from "../check";

/**
 * Which of the config's teams this stack manages, exist and are adopted, are in the way, or are to create; Terraform
 * Cloud compares team names without case.
 */
export const teamsCheck: PreflightCheck = (config, facts) => {
  const existing = facts.teams;
  const managed = managedBy(facts);
  if (existing === undefined || managed === undefined) return [];
  const imported = new Set(config.import?.teams.map(nameKey));
  const renamedTo = new Set(roomRenames(config, managed).teams.map((rename) => nameKey(rename.to)));
  const moving = new Set([...importedByTheMove(config)].map(nameKey));
  const seesAll = seesEverything(facts);
  const items: CheckItem[] = [];
  const toCreate: string[] = [];
  const unseen: string[] = [];
  let kept = 0;
  for (const name of createdTeamNames(config)) {
    const subject = `team "${name}"`;
    const key = nameKey(name);
    if (renamedTo.has(key) || (moving.has(key) && !managed.teams.has(key))) continue;
    const exists = existing.has(key);
    const importing = imported.has(key);
    const held = managed.teams.get(key);
    if (held !== undefined) {
      if (exists) kept += 1;
      else
        items.push(
          renamedByHand(subject, held, existing.values(), "with its members and any token") ??
            managedButUnlisted(subject, seesAll, {
              finding: "the deploy creates it again, with a new token",
              fix: "hand out the new token after the deploy",
            }),
        );
    } else if (!exists && importing) items.push(importedButUnlisted(subject, seesAll, "teams"));
    else if (!exists && !seesAll) unseen.push(name);
    else if (!exists) toCreate.push(name);
    else if (importing) items.push(ok(subject, "exists and will be adopted"));
    else
      items.push(
        blocker(
          subject,
          "exists already and this stack does not manage it: creating it would fail",
          `add "${name}" to import.teams to adopt it`,
        ),
      );
  }
  if (kept > 0) items.push(ok("teams", `${kept} ${managedByWhom(config, facts)}`));
  return [...items, ...toCreateItems("teams", toCreate, unseen)];
};
