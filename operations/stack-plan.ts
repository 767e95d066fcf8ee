import type { AttendeeRoom } from "../config/attendees";
import type { LocalStack } from "./deploy-record";
import { goneFromTerraformCloud, roomChanges } from "./preflight/check";
import type { ListedNames, PreflightFacts } from "./preflight/facts";
import { rotationDue, type ManagedObjects } from "./stack-state";

/** Why a stack is deployed whose stack did not change: the time of its `time_rotating` has passed. */
export const ROTATION_DUE = "rotation due";

/** Why a stack is deployed whose stack did not change: its state lacks rooms the config puts in it, or holds others. */
export const STATE_DIFFERS = "state differs from the config";

/**
 * Why a stack is deployed whose stack did not change: its directory holds no `terraform init` (a synth into a new or
 * emptied cdktf.out), where Terraform reads no state, so verify and handout could not read its outputs.
 */
export const NEVER_INITIALIZED = "never deployed from its directory";

/** Why a stack is deployed whose stack did not change: what its state manages is gone from Terraform Cloud. */
export const OBJECTS_GONE = "state holds objects not in Terraform Cloud";

/**
 * A reason its state shows to deploy a stack that did not change since this machine deployed it; the state, read again
 * after the deploy, shows it still when the deploy did not apply.
 */
export interface StateReason {
  /** How the progress names it. */
  readonly label: string;
  /** What the state read again after a deploy not applied still shows. */
  readonly left: string;
  /** Whether a state shows it, given the workspaces and teams Terraform Cloud lists (as preflight listed them). */
  readonly shownBy: (managed: ManagedObjects, listed?: ListedNames) => boolean;
  /**
   * The names Terraform Cloud lists that it weighs, the workspaces', and the teams' when preflight listed them: the
   * state alone cannot tell a workspace or team renamed back in place (its id and name in the state as before) from one
   * still renamed by hand; Terraform Cloud, listed again, can.
   */
  readonly weighsNames?: { readonly teams: boolean };
}

/**
 * The reasons a stack's state (`before`, as preflight read it) shows to deploy it: its rotation time has passed; it
 * lacks a room the config puts in the stack, or holds one the config does not (preflight's shards line); it manages a
 * workspace, team, project or membership Terraform Cloud does not have (preflight: "the deploy creates it again"), by
 * its name for a workspace or team, which the deploy creates again (a new id) or, renamed by hand, renames back in
 * place (the same id); such an object is still gone after the deploy while the state holds its id, and Terraform Cloud
 * does not have it by the name the state holds.
 */
function stateReasons(
  room: AttendeeRoom,
  id: string,
  before: ManagedObjects,
  facts: PreflightFacts,
  now: Date,
): StateReason[] {
  const gone = goneFromTerraformCloud(facts, before);
  const reasons: StateReason[] = [
    {
      label: ROTATION_DUE,
      left: "its state still holds a rotation time that has passed",
      shownBy: (managed) => rotationDue(managed, now),
    },
    {
      label: STATE_DIFFERS,
      left: "its state still differs from the config",
      shownBy: (managed) => {
        const { added, removed } = roomChanges(room, id, { kind: "read", managed });
        return added.length + removed.length > 0;
      },
    },
    {
      label: OBJECTS_GONE,
      left: "its state still holds objects Terraform Cloud does not have",
      shownBy: (managed, listed) =>
        [...goneFromTerraformCloud({ ...facts, ...listed }, managed)].some((each) => gone.has(each)),
      weighsNames: { teams: facts.teams !== undefined },
    },
  ];
  return reasons.filter((reason) => reason.shownBy(before));
}

/** What `npm run deploy` of a sharded room weighs to choose whether it plans a stack, besides the stack itself. */
export interface PlanRule {
  readonly all: boolean;
  readonly now: Date;
  readonly room: AttendeeRoom;
  readonly facts: PreflightFacts;
  /** Why the stack is deployed for a move of rooms into or out of it, if they move. */
  readonly moving?: string;
}

/** Why the deploy plans a stack. */
export interface StackPlan {
  /** Why it is planned though its stack did not change since this machine deployed it, in the progress's words. */
  readonly reasons: readonly string[];
  /** The same, joined as the progress gives them; undefined for none. */
  readonly reason?: string;
  /** Those of its reasons that its state shows: read again after its deploy, it tells whether the deploy applied. */
  readonly shown: readonly StateReason[];
}

/**
 * Whether `npm run deploy` of a sharded room plans a stack, and why: when its synthesized stack is not the one this
 * machine's record holds (changed since, or never deployed from here), when its directory was never initialized, when
 * its state (as preflight read it, `before`; undefined when it could not be read) shows a reason (`stateReasons`), when
 * rooms move into or out of it, or with `--all`; undefined otherwise. The record says what this machine deployed, the
 * state what the stack holds: a room deleted by hand, or a deploy of another config, leaves the record as it was. The
 * deploy runs what this chooses, and preflight's shards line names it.
 */
export function stackPlan(
  id: string,
  local: LocalStack,
  before: ManagedObjects | undefined,
  rule: PlanRule,
): StackPlan | undefined {
  const recorded = local.recorded === "as recorded";
  const shown = recorded && before !== undefined ? stateReasons(rule.room, id, before, rule.facts, rule.now) : [];
  const reasons = [
    ...(recorded && !local.initialized ? [NEVER_INITIALIZED] : []),
    ...shown.map(({ label }) => label),
    ...(recorded && rule.moving ? [rule.moving] : []),
  ];
  const reason = reasons.length === 0 ? undefined : reasons.join(", ");
  return recorded && reason === undefined && !rule.all ? undefined : { reasons, reason, shown };
}
