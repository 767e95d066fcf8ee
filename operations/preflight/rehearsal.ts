import { createdWorkspaceNames } from "../../config/attendees";
import type { WorkshopConfig } from "../../config/schema";
import { withFix } from "../../text/fix";
import { REHEARSAL_TOKEN_PREFIX } from "../rehearsal";
import { describeLocation } from "./checks/state";
import type { PreflightFacts } from "./facts";

/**
 * Why preflight should stop before its checklist: the address took a rehearsal's token and holds the room, so it is
 * a rehearsal seeded as deployed, yet the state read is no state at all. Its state is beside the rehearsal's
 * synth output, so CDKTF_OUTDIR is not the rehearsal's; every existing object would otherwise read as someone
 * else's, each with adoption advice. Undefined when that is not the case.
 */
export function rehearsalWithoutItsState(
  config: WorkshopConfig,
  facts: PreflightFacts,
  token: string | undefined,
): string | undefined {
  if (token?.startsWith(REHEARSAL_TOKEN_PREFIX) !== true || facts.account === undefined || facts.account === "rejected")
    return undefined;
  const state = facts.state;
  if (state?.location.kind !== "local" || state.reading.kind !== "none") return undefined;
  if (!createdWorkspaceNames(config).some((name) => facts.workspaces?.has(name) === true)) return undefined;
  return withFix(
    "preflight: this address is a rehearsal seeded as deployed (it took a " +
      "rehearsal's token, and the room's workspaces exist), but " +
      `${describeLocation(state.location)} holds no state: CDKTF_OUTDIR is not the ` +
      "rehearsal's",
    "run source rehearsal/env (the env file in the rehearsal's --out directory), which sets it, then preflight again",
  );
}
