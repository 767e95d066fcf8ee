import { count } from "../text/count";
import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { placeOf } from "../config/shards";
import { roomStackId, STACK_ID } from "../stacks/workshop-stack";
import { tokenVariable } from "../terraform-cloud/hostname";
import { withFix } from "../text/fix";
import { ENDED_ACCESS_AGAIN } from "./access-again";
import { fail, ok, type Result } from "../text/result";
import { showValue } from "../config/messages";

/** Who gets a handout: an attendee, or a team with a token (such as the workshop's pipeline). */
export interface HandoutHolder {
  readonly kind: "attendee" | "team";
  readonly name: string;
  /** The workspaces the holder's token reaches; the first is the one the cloud block names. */
  readonly workspaces: readonly string[];
  /** The file `--all` writes the handout to. */
  readonly fileName: string;
}

/** Every holder of a token the config creates: the attendees, then the teams with a token. */
export function handoutHolders(config: WorkshopConfig): HandoutHolder[] {
  return [
    ...attendeeRoom(config).environments.map((attendee) => ({
      kind: "attendee" as const,
      name: attendee.name,
      workspaces: [attendee.workspaceName],
      fileName: `attendee-${attendee.name}.md`,
    })),
    ...config.teams
      .filter((team) => team.token !== undefined)
      .map((team) => ({
        kind: "team" as const,
        name: team.name,
        workspaces: [...team.access.keys()].sort(),
        fileName: `team-${team.name}.md`,
      })),
  ];
}

/**
 * The holders named, as the config spells them, in the config's order: `npm run handout -- NAME` and `npm run verify
 * -- NAME...` take names alike. Fails with one line naming each name that is no holder's, and the names there are.
 */
export function namedHolders<Holder extends { readonly name: string }>(
  holders: readonly Holder[],
  names: readonly string[],
): Result<Holder[]> {
  const known = holders.map((holder) => holder.name);
  const unknown = [...new Set(names)].filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const there =
      known.length > 0 ? `; there are ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", ..." : ""}` : "";
    const shown = unknown.map((name) => showValue(name)).join(", ");
    return fail(
      `${shown} ${unknown.length === 1 ? "is neither an attendee nor a team" : "are neither attendees nor teams"} ` +
        `with a token in this config${there}`,
    );
  }
  return ok(holders.filter((holder) => names.includes(holder.name)));
}

/** Why an ended event's attendees get no handout, and what gives them access again, if they need it. */
export function endedHandoutsLine(attendees: readonly HandoutHolder[]): string {
  const names = attendees.map((holder) => holder.name);
  return withFix(
    "no handout for the attendees: the event has ended (event.ended) and its deploy deleted their tokens and " +
      `memberships, so a handout gives ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", ..." : ""} no access`,
    `only if they need access again: ${ENDED_ACCESS_AGAIN}, then hand them out`,
  );
}

/** The name of a file `--all` writes: `attendee-NAME.md` or `team-NAME.md`. */
const HANDOUT_FILE = /^(?:attendee|team)-.+\.md$/;

/**
 * The files of a handouts directory named as `--all` names a handout but of no holder of this config: an earlier
 * room's, or of an attendee no longer in it, each holding a token when written with `--with-token`. Sorted.
 */
export function staleHandouts(files: readonly string[], holders: readonly HandoutHolder[]): string[] {
  const current = new Set(holders.map((holder) => holder.fileName));
  return files.filter((file) => HANDOUT_FILE.test(file) && !current.has(file)).sort();
}

/**
 * One line for the stale handouts beside those just written, saying to delete them (one may be handed out, token and
 * all); undefined when there are none.
 */
export function staleHandoutsLine(stale: readonly string[], out: string): string | undefined {
  if (stale.length === 0) return undefined;
  const one = stale.length === 1;
  const named = `${stale.slice(0, 10).join(", ")}${stale.length > 10 ? `, and ${stale.length - 10} more` : ""}`;
  return (
    `handout: warning: ${count(stale.length, "handout file")} in ${out} ${one ? "is" : "are"} of no one in this ` +
    `room, from an earlier run (${named}): delete ${one ? "it" : "them"}, since a handout written with ` +
    "--with-token holds a token"
  );
}

/**
 * The stacks whose outputs hold the handouts' tokens: the shared stack (a team's, and the one the others' outputs join)
 * and each attendee's room's, their shard's, so that one attendee's handout reads two stacks of a sharded room.
 */
export function handoutStackIds(config: WorkshopConfig, holders: readonly HandoutHolder[]): ReadonlySet<string> {
  const room = attendeeRoom(config);
  const attendees = holders.filter((holder) => holder.kind === "attendee");
  return new Set([STACK_ID, ...attendees.map((attendee) => roomStackId(placeOf(attendee.name, room)))]);
}

/**
 * One line for the handouts whose workspace Terraform Cloud does not list: they name a workspace the deploy has
 * not made yet (or one the token cannot see), which the attendee's `terraform init` would not find. Undefined
 * when every one exists.
 */
export function notDeployedLine(
  holders: readonly HandoutHolder[],
  existing: ReadonlySet<string>,
  organization: string,
): string | undefined {
  const missing = holders.filter((holder) => !existing.has(holder.workspaces[0] ?? ""));
  if (missing.length === 0) return undefined;
  const named = missing.slice(0, 3).map((holder) => `${holder.workspaces[0]} (${holder.kind} ${holder.name})`);
  const more = missing.length > 3 ? `, and ${missing.length - 3} more` : "";
  return withFix(
    `handout: warning: not deployed yet: organization ${organization} has no ` +
      `workspace ${named.join(", ")}${more}, or this token cannot see it`,
    `deploy first, then hand ${missing.length === 1 ? "it" : "them"} out`,
  );
}

/**
 * A handout in Markdown: the organization, the workspace, the cloud block to paste, and how to give Terraform
 * the token: `terraform login`, or the host's `TF_TOKEN_` variable, which a host with a port does not have. The
 * token itself is in it only when given.
 */
export function handoutText(
  holder: HandoutHolder,
  context: { readonly organization: string; readonly hostname: string; readonly token?: string },
): string {
  const workspace = holder.workspaces[0] ?? "";
  const variable = tokenVariable(context.hostname);
  const token = context.token ?? "<your token>";
  const others = holder.workspaces.slice(1);
  const alsoReached =
    others.length > 0 ? ` (the token also reaches ${others.map((name) => `\`${name}\``).join(", ")})` : "";
  return [
    `# AWS workshop: ${holder.kind} ${holder.name}`,
    "",
    `- Organization: \`${context.organization}\` on \`${context.hostname}\``,
    `- Workspace: \`${workspace}\`${alsoReached}`,
    "",
    "## 1. Point Terraform at your workspace",
    "",
    "Add this block to your configuration, then run `terraform init`:",
    "",
    "```hcl",
    "terraform {",
    "  cloud {",
    `    hostname     = "${context.hostname}"`,
    `    organization = "${context.organization}"`,
    "    workspaces {",
    `      name = "${workspace}"`,
    "    }",
    "  }",
    "}",
    "```",
    "",
    "## 2. Give Terraform your token",
    "",
    context.token === undefined
      ? "Your facilitator hands you your token separately. Keep it secret: it is your access to the workshop."
      : "Your token (keep it secret: it is your access to the workshop):",
    ...(context.token === undefined ? [] : ["", "```text", context.token, "```"]),
    "",
    ...(variable === undefined
      ? [
          `Run \`terraform login ${context.hostname}\` and paste the token when asked. Terraform ` +
            "cannot read the token of a host with a port from a TF_TOKEN_ environment variable.",
          "",
          `For a CI pipeline, put it in a \`credentials ` +
            `"${context.hostname}"\` block of the Terraform CLI configuration ` +
            "instead.",
        ]
      : [
          `Either run \`terraform login ${context.hostname}\` and paste the ` +
            "token when asked, or set it for this shell only:",
          "",
          "```sh",
          `export ${variable}=${token}`,
          "```",
          "",
          "For a CI pipeline, store it as a secret variable of that name instead.",
        ]),
    "",
  ].join("\n");
}
