import { createdTeamNames } from "../../../config/attendees";
import { blocker, ok, type CheckItem, type PreflightCheck } from "../check";

/** Which of the config's teams exist already, imported or in the way; Terraform Cloud compares team names without case. */
export const teamsCheck: PreflightCheck = (config, facts) => {
  const existing = facts.teams;
  if (existing === undefined) return [];
  const imported = new Set(config.import?.teams.map((name) => name.toLowerCase()));
  const items: CheckItem[] = [];
  let toCreate = 0;
  for (const name of createdTeamNames(config)) {
    const subject = `team "${name}"`;
    const exists = existing.has(name.toLowerCase());
    const importing = imported.has(name.toLowerCase());
    if (!exists && importing) items.push(blocker(subject, "is listed in import.teams but does not exist", "remove it from import.teams so that it is created"));
    else if (!exists) toCreate += 1;
    else if (importing) items.push(ok(subject, "exists and will be adopted"));
    else items.push(blocker(subject, "exists already: creating it would fail", `add "${name}" to import.teams to adopt it`));
  }
  if (toCreate > 0) items.push(ok("teams", `${toCreate} to create`));
  return items;
};
