import { STACK_ID } from "../../../stacks/workshop-stack";
import { count, listed } from "../../../text/count";
import { blocker, type PreflightCheck } from "../check";
import type { StackStateFact } from "../facts";
import { describeLocation } from "./state";

/**
 * A stack's state (the shared one or a shard's) holding resource types no stack of the workshop makes: the state of
 * something else, such as a reused `<state.workspace>-shard-N`, which reads as a stack managing nothing, and whose
 * resources the stack's deploy would plan to destroy, since its config does not have them.
 */
export const foreignResourcesCheck: PreflightCheck = (_config, facts) =>
  [[STACK_ID, facts.state] as const, ...(facts.shardStates ?? [])].flatMap(([id, state]) => {
    const types = state?.reading.kind === "read" ? state.reading.managed.foreignTypes : [];
    if (state === undefined || types.length === 0) return [];
    return [
      blocker(
        `state of ${id}`,
        `${describeLocation(state.location)} holds ${count(types.length, "resource type")} that no stack of the ` +
          `workshop makes (${listed(types)}): it is the state of something else, and the deploy of ${id} would plan ` +
          "to destroy what it manages",
        elsewhere(state),
      ),
    ];
  });

/** Where the stack's state should be instead: not in the place of another's. */
const elsewhere = ({ location }: Pick<StackStateFact, "location">) =>
  location.kind === "cloud"
    ? 'give "state.workspace" a name whose workspaces hold no other state, or delete that workspace if its state is ' +
      "no longer needed (docs/operations.md, Tearing down after the workshop)"
    : "move that file away if it is another project's state, or run the workshop from a directory of its own";
