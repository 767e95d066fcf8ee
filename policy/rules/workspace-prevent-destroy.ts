import { preventDestroyRule } from "../rule";

/** A workspace holds someone's state: it must not be destroyable by accident. */
export const workspacePreventDestroy = preventDestroyRule({
  id: "workspace-prevent-destroy",
  type: "tfe_workspace",
  explanation: "Destroying a workspace deletes the state of the work done in it.",
});
