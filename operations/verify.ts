import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig, WorkspaceAccess } from "../config/schema";
import { describeFailure, describeRefusal, type ApiAnswer, type ApiClient } from "../terraform-cloud/api-client";
import { listWorkspaces, readAccount } from "../terraform-cloud/resources";
import { formatPath } from "../config/messages";
import { withFix } from "../text/fix";
import { count, listed } from "../text/count";
import { ENDED_ACCESS_AGAIN } from "./access-again";
import { DEFAULT_EXECUTION_MODE } from "../workshop/defaults";
import type { StackOutputs } from "./outputs";

/** A workspace a token was granted, with what the config says it must find there. */
interface Grant {
  readonly name: string;
  readonly id?: string;
  readonly executionMode: string;
  /** Whether the access lets the token push state: create state versions and lock the workspace. */
  readonly mayWriteState: boolean;
  /**
   * The organization access that lets it push state there whatever the workspace access says, e.g.
   * `organizationAccess.manageWorkspaces`.
   */
  readonly writesBy?: string;
}

/** When the config has a token expire, and the field that says so. */
interface ConfiguredExpiry {
  readonly at: string;
  /** The field that sets it, as the config names it: `attendees.token.expiresAt`, `event.endsAt`. */
  readonly field: string;
  /** What a later date in that field replaces: `this token`, `every attendee's token`. */
  readonly replaces: string;
}

/** A token of the stack, and what it must and must not reach. */
export interface TokenHolder {
  /** The attendee's or the team's name, as the config spells it. */
  readonly name: string;
  /** `attendee alice` or `team workshop-pipeline`. */
  readonly label: string;
  readonly token?: string;
  readonly teamName: string;
  readonly teamId?: string;
  readonly grants: readonly Grant[];
  /**
   * Whether the config ended the event (event.ended) and this is an attendee's token, which its deploy deletes on
   * purpose: without one in the outputs there is nothing to check, and no deploy to ask for.
   */
  readonly accessEnded?: boolean;
  /**
   * The organization access that shows the team every workspace, so that seeing them is no leak; undefined when none
   * does.
   */
  readonly seesEverythingBy?: string;
  /** When the config has the token expire; undefined when it rotates, whose date only the state knows. */
  readonly expiry?: ConfiguredExpiry;
}

/**
 * Whether an access lets its token push state: create state versions, and lock the workspace, which the
 * state-versions API requires of whoever creates one. write and admin include both.
 */
const mayWriteState = (access: WorkspaceAccess) =>
  typeof access === "string"
    ? access === "write" || access === "admin"
    : access.stateVersions === "write" && access.workspaceLocking;

/**
 * What a team's organization access reaches, per the organization permissions documentation
 * (content/terraform-docs-common/docs/cloud-docs/users-teams-organizations/permissions/organization.mdx in
 * hashicorp/web-unified-docs): manage all workspaces is admin on every workspace, and manage all projects adds to
 * it; view all workspaces, manage agent pools ("implicitly grants access to read all workspaces") and view all projects
 * (which tfe requires view all workspaces for) read every workspace. Permissions add up (permissions.mdx: "a team's
 * effective permissions is the sum"), so each is part of what the config grants on every workspace.
 */
type OrganizationAccess = NonNullable<WorkshopConfig["teams"][number]["organizationAccess"]>;
const WRITES_EVERY_WORKSPACE = ["manageProjects", "manageWorkspaces"] as const;
const SEES_EVERY_WORKSPACE = [...WRITES_EVERY_WORKSPACE, "readWorkspaces", "manageAgentPools", "readProjects"] as const;

/** The first of the organization access flags given (the strongest first) that the team has, as the config names it. */
function grantedBy(
  access: OrganizationAccess | undefined,
  flags: readonly (keyof OrganizationAccess)[],
): string | undefined {
  const flag = flags.find((candidate) => access?.[candidate] === true);
  return flag === undefined ? undefined : `organizationAccess.${flag}`;
}

/** The expiry the config gives a token in `field`, when it gives a date. */
const configuredExpiry = (at: string | undefined, field: string, replaces: string): ConfiguredExpiry | undefined =>
  at === undefined ? undefined : { at, field, replaces };

/** Every token the config creates, with the ids and tokens the outputs hold for it. */
export function tokenHolders(config: WorkshopConfig, outputs: StackOutputs): TokenHolder[] {
  const modes = new Map(config.workspaces.map((workspace) => [workspace.name, workspace.executionMode]));
  const teams = config.teams
    .filter((team) => team.token !== undefined)
    .map((team) => ({
      name: team.name,
      label: `team ${team.name}`,
      token: outputs.teamTokens.get(team.name),
      teamName: team.name,
      teamId: outputs.teamIds.get(team.name),
      grants: [...team.access].map(([name, access]) => {
        const writesBy = mayWriteState(access) ? undefined : grantedBy(team.organizationAccess, WRITES_EVERY_WORKSPACE);
        return {
          name,
          id: outputs.workspaceIds.get(name),
          executionMode: modes.get(name) ?? DEFAULT_EXECUTION_MODE,
          mayWriteState: writesBy !== undefined || mayWriteState(access),
          writesBy,
        };
      }),
      seesEverythingBy: grantedBy(team.organizationAccess, SEES_EVERY_WORKSPACE),
      expiry: configuredExpiry(
        team.token?.expiresAt,
        formatPath(["teams", config.teams.indexOf(team), "token", "expiresAt"]),
        "this token",
      ),
    }));
  const room = attendeeRoom(config);
  // The room's own expiry, or else the event's end, which attendeeRoom gives its tokens.
  const roomExpiryField =
    !Array.isArray(config.attendees) && config.attendees.token !== undefined
      ? "attendees.token.expiresAt"
      : "event.endsAt";
  const baseMode = config.workspaces[0]?.executionMode ?? DEFAULT_EXECUTION_MODE;
  const attendees = room.environments.map((attendee) => ({
    name: attendee.name,
    label: `attendee ${attendee.name}`,
    accessEnded: room.ended,
    token: outputs.attendeeTokens.get(attendee.name),
    teamName: attendee.workspaceName,
    teamId: outputs.attendeeTeamIds.get(attendee.name),
    grants: [
      {
        name: attendee.workspaceName,
        id: outputs.attendeeWorkspaceIds.get(attendee.name),
        executionMode: baseMode,
        mayWriteState: mayWriteState(room.access),
      },
    ],
    expiry: configuredExpiry(room.token.expiresAt, roomExpiryField, "every attendee's token"),
  }));
  return [...teams, ...attendees];
}

/** The holders whose token an ended event's deploy deleted, on purpose: nothing of theirs to check. */
export const endedWithoutToken = (holder: TokenHolder) => holder.accessEnded === true && holder.token === undefined;

/** One line for the attendees an ended event left without a token, saying it is so on purpose, and what gives one. */
export function endedLine(holders: readonly TokenHolder[]): string {
  return withFix(
    `ended ${count(holders.length, "attendee token")} not checked: the event has ended (event.ended) and its ` +
      `deploy deleted ${holders.length === 1 ? "it" : "them"}, as it should (${listed(holders.map((h) => h.name))})`,
    `only if they need access again: ${ENDED_ACCESS_AGAIN}`,
  );
}

/** The result for one token: one line. */
export interface TokenVerdict {
  readonly label: string;
  readonly problems: readonly string[];
  readonly passed: string;
}

/**
 * What a refusal of the token's own request means for the token. Terraform Cloud answers an expired token as any
 * invalid one (401), so whether it expired is told by the config's date alone: passed at `now`, it did; still to
 * come, the refusal is something else; without one (a rotation), either.
 */
function refusedProblem(
  answer: Extract<ApiAnswer<unknown>, { readonly kind: "refused" }>,
  expiry: ConfiguredExpiry | undefined,
  now: Date,
): string {
  if (answer.refusal !== "token-refused") return describeRefusal(answer);
  const refused = `the token is refused (${answer.status})`;
  if (expiry === undefined) return `${refused}: revoked or expired`;
  if (Date.parse(expiry.at) > now.getTime())
    return `${refused}, though its expiry, ${expiry.at} (${expiry.field}), is still to come`;
  return withFix(
    `${refused}: it expired at ${expiry.at} (${expiry.field})`,
    `give ${expiry.field} a later date and deploy, which replaces ${expiry.replaces}`,
  );
}

/**
 * Checks one token, read-only, in two requests: it authenticates as its own team (the account), and the
 * organization's workspace list, as this token sees it, holds exactly its granted workspaces, each in the
 * configured execution mode with the state permissions its access gives (the list's entries carry them). Any
 * refusal of the token, at either step, fails it.
 */
export async function verifyToken(
  holder: TokenHolder,
  client: (token: string) => ApiClient,
  organization: string,
  now: Date,
): Promise<TokenVerdict> {
  const failed = (problem: string): TokenVerdict => ({ label: holder.label, problems: [problem], passed: "" });
  if (holder.token === undefined) return failed("no token in the stack's outputs: deploy first");
  if (holder.teamId === undefined) return failed(`team ${holder.teamName} is not in the stack's outputs: deploy first`);
  const api = client(holder.token);

  const account = await readAccount(api);
  if (account.kind === "failed") return failed(describeFailure(account));
  if (account.kind === "refused") return failed(refusedProblem(account, holder.expiry, now));
  const problems: string[] = [];
  if (account.value.kind !== "teams" || account.value.authenticatedId !== holder.teamId) {
    problems.push(
      `authenticates as ${account.value.kind} ` +
        `${account.value.authenticatedId}, not team ${holder.teamName} ` +
        `(${holder.teamId})`,
    );
  }

  const listed = await listWorkspaces(api, organization);
  if (listed.kind === "failed")
    return { label: holder.label, problems: [...problems, describeFailure(listed)], passed: "" };
  if (listed.kind === "refused")
    return { label: holder.label, problems: [...problems, refusedProblem(listed, holder.expiry, now)], passed: "" };
  const byId = new Map(listed.value.map((workspace) => [workspace.id, workspace]));
  const granted = new Set(holder.grants.map((grant) => grant.name));
  for (const grant of holder.grants) {
    const found = grant.id === undefined ? undefined : byId.get(grant.id);
    if (grant.id === undefined) problems.push(`workspace ${grant.name} is not in the stack's outputs: deploy first`);
    else if (found === undefined) problems.push(`cannot see its workspace ${grant.name}`);
    else {
      const maySave = found.permissions.canCreateStateVersions && found.permissions.canLock;
      if (found.executionMode !== grant.executionMode)
        problems.push(
          `workspace ${grant.name} runs in ${found.executionMode} execution mode, not ${grant.executionMode}`,
        );
      if (maySave !== grant.mayWriteState) {
        const says = grant.writesBy === undefined ? "its access says it" : `${grant.writesBy} says it`;
        problems.push(
          `${maySave ? "may" : "may not"} create state versions in ${grant.name} (create ` +
            `${found.permissions.canCreateStateVersions}, lock ` +
            `${found.permissions.canLock}), where ${says} ` +
            `${grant.mayWriteState ? "may" : "may not"}`,
        );
      }
    }
  }
  const modes = holder.grants.map(
    (grant) =>
      `${grant.name} (${grant.executionMode} execution, ${grant.mayWriteState ? "may" : "may not"} ` +
      `create state versions${grant.writesBy === undefined ? "" : ` by ${grant.writesBy}`})`,
  );
  if (holder.seesEverythingBy !== undefined) {
    return {
      label: holder.label,
      problems,
      passed:
        `authenticates as team ${holder.teamName}, reads ${modes.join(", ")}, ` +
        `and sees every workspace by ${holder.seesEverythingBy}`,
    };
  }
  const leaks = listed.value
    .map((workspace) => workspace.name)
    .filter((name) => !granted.has(name))
    .sort();
  if (leaks.length > 0) problems.push(`can see ${leaks.join(", ")}, which it was not granted`);
  return {
    label: holder.label,
    problems,
    passed: `authenticates as team ${holder.teamName}, reads ${modes.join(", ")}, and sees no other workspace`,
  };
}

/** One line per token: pass, or FAIL with what failed. The token itself is never part of it. */
export function verdictLine(verdict: TokenVerdict): string {
  return verdict.problems.length === 0
    ? `pass  ${verdict.label}: ${verdict.passed}`
    : `FAIL  ${verdict.label}: ${verdict.problems.join("; ")}`;
}
