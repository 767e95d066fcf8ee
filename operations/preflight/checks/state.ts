import { relative } from "node:path";
import { blocker, ok, type PreflightCheck } from "../check";
import type { ManagedObjects, StateLocation } from "../../stack-state";
import { count } from "../../../text/count";

/** How a state location reads in a line: the file as the user would type it, or the workspace. */
export function describeLocation(location: StateLocation): string {
  if (location.kind === "cloud") return `the Terraform Cloud workspace ${location.organization}/${location.workspace} on ${location.hostname}`;
  const shown = relative(process.cwd(), location.file);
  return `the local file ${shown.startsWith("..") ? location.file : shown}`;
}

function summary(managed: ManagedObjects): string {
  return `${count(managed.workspaces.size, "workspace")} and ${count(managed.teams.size, "team")} managed by this stack`;
}

/** Where the state lives, what it says the stack manages, and whether it survives the machine that deploys. */
export const stateCheck: PreflightCheck = (config, facts) => {
  const subject = "state";
  const state = facts.state;
  if (config.state === undefined && facts.disposableMachine) {
    return [blocker(subject, "a local file on a machine that is thrown away after the job: the next deploy would start from nothing", 'set "state" in the config to keep it in a Terraform Cloud workspace')];
  }
  if (state === undefined) return [];
  const where = describeLocation(state.location);
  const { reading } = state;
  if (reading.kind === "unreadable") {
    return [
      blocker(
        subject,
        `${where} ${reading.problem}: preflight cannot tell what this stack manages, nor what the deploy would remove`,
        state.location.kind === "local" ? "restore the state file (Terraform keeps the previous one as .backup) and run preflight again" : "check the state workspace and the token for its host, and run preflight again",
      ),
    ];
  }
  const local = state.location.kind === "local";
  if (reading.kind === "none") {
    return [ok(subject, `${where}: no state yet, this is the first deploy${local ? "; it will hold the tokens in plain text, keep it private" : ""}`)];
  }
  return [ok(subject, `${where}: ${summary(reading.managed)}${local ? "; it holds the tokens in plain text, keep it private" : ""}`)];
};
