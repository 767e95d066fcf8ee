import { createdTeamNames, createdWorkspaceNames } from "../../../config/attendees";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { ENDED_ACCESS_AGAIN } from "../../access-again";
import type { ManagedObjects, ManagedWorkspace } from "../../stack-state";
import type { Workspace } from "../../../terraform-cloud/resources/workspaces";
import {
  blocker,
  managedBy,
  ok,
  OWNER_TOKEN_FIX,
  roomRenames,
  roomsBeyondConfig,
  seesEverything,
  someNames,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import { count } from "../../../text/count";

/** Whose workspace it is, as a facilitator names it. */
const whose = (workspace: ManagedWorkspace) =>
  workspace.attendee === undefined
    ? `workspace "${workspace.name}"`
    : `attendee ${workspace.attendee} (workspace "${workspace.name}")`;

/**
 * The attendees whose team the state holds with no token: an ended event's deploy deleted it, so they cannot run
 * terraform destroy until a deploy gives them one again. A team whose id the state lacks is not counted.
 */
function attendeesWithoutToken(managed: ManagedObjects): ReadonlySet<string> {
  const withToken = new Set(managed.tokens.map((token) => token.teamId));
  return new Set(
    [...managed.teams.values()].flatMap((team) =>
      team.attendee === undefined || team.id === undefined || withToken.has(team.id) ? [] : [team.attendee],
    ),
  );
}

/** What to do about a removed workspace that still manages resources: have its user destroy, with a token if gone. */
function destroyFirst(workspace: ManagedWorkspace, tokenless: ReadonlySet<string>): string {
  const who = workspace.attendee ?? "whoever uses it";
  if (workspace.attendee === undefined || !tokenless.has(workspace.attendee))
    return `have ${who} run terraform destroy in their project first, then deploy; or keep it in the config until then`;
  return (
    `${who} has no token to run terraform destroy with (the event's end deleted it): keep them in the config and ` +
    `${ENDED_ACCESS_AGAIN}; once they have destroyed, remove them and deploy`
  );
}

/** A removed workspace's blocker or confirmation; undefined when it goes quietly, holding nothing. */
function removalItem(
  workspace: ManagedWorkspace,
  found: Workspace | undefined,
  seesAll: boolean,
  confirmed: ReadonlySet<string>,
  tokenless: ReadonlySet<string>,
): CheckItem | undefined {
  if (found === undefined && !seesAll) {
    return blocker(
      whose(workspace),
      "is removed by this config, and this token cannot see it: preflight cannot tell whether it still holds work",
      OWNER_TOKEN_FIX,
    );
  } else if (found !== undefined && found.resourceCount > 0) {
    return blocker(
      whose(workspace),
      "is removed by this config but still manages " +
        `${count(found.resourceCount, "resource")}: Terraform would revoke its token and ` +
        "access and switch it to remote execution, then safe delete would refuse to delete " +
        "it, stranding that work",
      destroyFirst(workspace, tokenless),
    );
  } else if (found !== undefined && found.currentStateVersion !== null && !confirmed.has(workspace.name)) {
    return blocker(
      whose(workspace),
      "is removed by this config and holds state, though no resources: " +
        "deleting the workspace deletes its state history",
      "download what is worth keeping (the workspace's States), then add " +
        `"${workspace.name}" to "deleteWithState" in the config`,
    );
  } else if (found !== undefined && found.currentStateVersion !== null) {
    return ok(whose(workspace), "removed with its state history, as deleteWithState says");
  }
  return undefined;
}

/**
 * What the deploy would remove, compared with what still holds work in Terraform Cloud. Terraform deletes a
 * removed workspace's settings (back to remote execution), access and token before the workspace itself, whose
 * safe delete then refuses while it manages resources: the attendee would be left without token and without local
 * execution, their resources running. So removing a workspace that manages resources is a blocker, and one that
 * holds state needs the config's word (`deleteWithState`), since deleting it deletes its state history.
 */
export const removalsCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  const existing = facts.workspaces;
  if (
    managed === undefined ||
    existing === undefined ||
    facts.organization === undefined ||
    facts.organization === "not-visible"
  )
    return [];
  const seesAll = seesEverything(facts);
  // A renamed attendee workspace or team stays: the room-renames check says what its rename does.
  const renames = roomRenames(config, managed);
  const kept = new Set([...createdWorkspaceNames(config), ...renames.workspaces.map((rename) => rename.from)]);
  const keptTeams = new Set([...createdTeamNames(config), ...renames.teams.map((rename) => rename.from)].map(nameKey));
  const confirmed = new Set(config.deleteWithState);
  const tokenless = attendeesWithoutToken(managed);
  // A room only a stack this config does not have holds is not removed by its deploy: the shards check says so.
  const beyond = roomsBeyondConfig(config, facts);
  const stays = (attendee: string | undefined) => attendee !== undefined && beyond.has(attendee);
  const items: CheckItem[] = [];
  const removedQuietly: string[] = [];
  for (const workspace of managed.workspaces.values()) {
    if (kept.has(workspace.name) || stays(workspace.attendee)) continue;
    const item = removalItem(workspace, existing.get(workspace.name), seesAll, confirmed, tokenless);
    if (item === undefined) removedQuietly.push(workspace.name);
    else items.push(item);
  }
  const workspaceNames = new Map(
    [...managed.workspaces.values()].flatMap((workspace) =>
      workspace.id === undefined ? [] : [[workspace.id, workspace.name] as const],
    ),
  );
  const removedTeams: string[] = [];
  for (const team of managed.teams.values()) {
    if (keptTeams.has(nameKey(team.name)) || stays(team.attendee)) continue;
    removedTeams.push(team.name);
    // An attendee's team goes with the attendee's workspace, checked above.
    if (team.attendee !== undefined) continue;
    const busy = managed.grants
      .filter((grant) => grant.teamId !== undefined && grant.teamId === team.id)
      .flatMap((grant) => {
        const name = grant.workspaceId === undefined ? undefined : workspaceNames.get(grant.workspaceId);
        const found = name === undefined || !kept.has(name) ? undefined : existing.get(name);
        return found !== undefined && found.resourceCount > 0
          ? [`"${found.name}" (${count(found.resourceCount, "resource")})`]
          : [];
      });
    if (busy.length > 0) {
      items.push(
        blocker(
          `team "${team.name}"`,
          `is removed by this config, and its access and token reach ${busy.join(", ")}, which ` +
            "still manages resources: whoever holds its token could no longer destroy them",
          "have them destroy first, then deploy; or keep the team until then",
        ),
      );
    }
  }
  if (removedQuietly.length > 0 || removedTeams.length > 0) {
    const named = (names: readonly string[]) => (names.length === 0 ? "" : ` (${someNames(names)})`);
    items.push(
      ok(
        "removals",
        `${count(removedQuietly.length, "workspace")} without state${named(removedQuietly)} and ` +
          `${count(removedTeams.length, "team")}${named(removedTeams)} removed by this deploy`,
      ),
    );
  }
  return items;
};
