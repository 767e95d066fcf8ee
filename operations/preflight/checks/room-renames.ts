import { blocker, managedBy, roomRenames, warning, type CheckItem, type PreflightCheck } from "../check";
import { count } from "../../../text/count";

const listed = (renames: ReadonlyArray<{ readonly from: string; readonly to: string }>) =>
  renames
    .slice(0, 3)
    .map((rename) => `"${rename.from}" to "${rename.to}"`)
    .join(", ") + (renames.length > 3 ? `, and ${renames.length - 3} more` : "");

/**
 * Attendee workspaces and teams the deploy renames in place (attendees.workspacePrefix changed, or the first
 * workspace's name it defaults to). An attendee's backend block and handout name the old workspace: once renamed,
 * their next plan finds no workspace, and their token cannot make one. So a rename of a workspace that holds work,
 * or that this token cannot see, is a blocker; of an empty one, a warning to hand the room out again.
 */
export const roomRenamesCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (managed === undefined) return [];
  const { workspaces, teams } = roomRenames(config, managed);
  if (workspaces.length === 0 && teams.length === 0) return [];
  const holdsWork = workspaces.filter((rename) => {
    const found = facts.workspaces?.get(rename.from);
    return found === undefined || found.resourceCount > 0 || found.currentStateVersion !== null;
  });
  const items: CheckItem[] = [];
  if (holdsWork.length > 0) {
    items.push(
      blocker(
        "attendee workspaces",
        `the deploy would rename ${holdsWork.length} that hold state or that this token ` +
          `cannot see (${listed(holdsWork)}): each attendee's cloud block and handout ` +
          "name the old workspace, and their next plan would find none",
        "set attendees.workspacePrefix (or the first workspace's name, its default) back to " +
          "what was deployed until these attendees have destroyed what they made",
      ),
    );
  }
  const quiet = workspaces.length - holdsWork.length;
  if (quiet > 0 || (workspaces.length === 0 && teams.length > 0)) {
    const renamed = workspaces.filter((rename) => !holdsWork.includes(rename));
    const what =
      quiet > 0
        ? `${count(quiet, "workspace")} without state (${listed(renamed)})`
        : `${count(teams.length, "team")} (${listed(teams)})`;
    items.push(
      warning(
        "attendee workspaces",
        `the deploy renames ${what} in place, with their teams: handouts already given name the old workspaces`,
        "hand out the room again after the deploy (npm run handout -- --all --out handouts)",
      ),
    );
  }
  return items;
};
