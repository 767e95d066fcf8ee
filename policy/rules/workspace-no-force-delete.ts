import { isResourceOf, type PolicyRule } from "../rule";

/** force_delete deletes a workspace even while it still manages resources. */
export const workspaceNoForceDelete: PolicyRule = {
  id: "workspace-no-force-delete",
  level: "error",
  explanation: "force_delete removes a workspace that still manages resources, orphaning them and their state.",
  fix: "remove force_delete from the workspace.",
  check: (element) =>
    isResourceOf(element, "tfe_workspace") && element.attributes.force_delete === true
      ? "sets force_delete"
      : undefined,
};
