import { preventDestroyRule } from "../rule";

/**
 * A workspace holds someone's state: it must not be destroyable by accident. The room's workspaces are the
 * exception, one `for_each` instance per attendee: Terraform checks prevent_destroy per resource, so it would
 * forbid removing any one attendee. Those are deleted with safe delete (workspace-no-force-delete), which refuses
 * while a workspace manages resources, and preflight refuses to remove one that manages resources or holds state.
 */
export const workspacePreventDestroy = preventDestroyRule({
  id: "workspace-prevent-destroy",
  type: "tfe_workspace",
  explanation: "Destroying a workspace deletes the state of the work done in it.",
  exempt: (element) => element.attributes.for_each !== undefined,
});
