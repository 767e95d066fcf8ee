import { isResourceOf, type PolicyRule } from "../rule";

const SETTINGS_TYPE = "tfe_project_settings";
const LOCAL = "local";

/**
 * Every project of the stack makes local execution its workspaces' default, through a tfe_project_settings on its
 * id. A workspace whose settings are deleted falls back to its project's default (tfe 0.71.0's workspace_settings
 * Delete clears its overrides); without one, the project takes the organization's, often remote, and the attendee's
 * next run would start in Terraform Cloud, without the AWS credentials on their laptop. A value the rule cannot
 * follow is a finding too.
 */
export const projectDefaultLocal: PolicyRule = {
  id: "project-default-local",
  level: "error",
  explanation:
    "A workspace whose settings are deleted falls back to its project's default execution mode, " +
    "which is the organization's (often remote) unless the project sets its own.",
  fix: 'give the project a tfe_project_settings with project_id = its id and default_execution_mode = "local".',
  check: (element, context) => {
    if (!isResourceOf(element, "tfe_project")) return undefined;
    const settings = context.elements.filter(
      (candidate) =>
        isResourceOf(candidate, SETTINGS_TYPE) &&
        context
          .sources(candidate.attributes.project_id, candidate)
          .some((source) => source.kind === "read" && source.address === element.address && source.attribute === "id"),
    );
    if (settings.length === 0)
      return `has no ${SETTINGS_TYPE}, so its workspaces fall back to the organization's default execution mode`;
    for (const setting of settings) {
      for (const source of context.sources(setting.attributes.default_execution_mode, setting)) {
        if (source.kind === "unknown")
          return `${setting.address} sets a default execution mode the rule cannot follow: ${source.reason}`;
        if (source.kind === "literal" && source.value === LOCAL) continue;
        const chosen =
          source.kind === "read"
            ? "a value read from another resource"
            : source.value === undefined
              ? "no value"
              : JSON.stringify(source.value);
        return `${setting.address} gives its workspaces ${chosen} as their default execution mode, not "${LOCAL}"`;
      }
    }
    return undefined;
  },
};
