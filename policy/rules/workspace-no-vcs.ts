import { isResourceOf, type PolicyRule } from "../rule";

/** Workshop workspaces are CLI-driven: the seed's "No VCS connection" step. */
export const workspaceNoVcs: PolicyRule = {
  id: "workspace-no-vcs",
  level: "error",
  explanation:
    "A VCS connection would start runs from commits, which the local-execution workshop workflow does not expect.",
  fix: "remove the vcs_repo block from the workspace.",
  check: (element) =>
    isResourceOf(element, "tfe_workspace") && element.attributes.vcs_repo !== undefined
      ? "has a VCS connection (vcs_repo)"
      : undefined,
};
