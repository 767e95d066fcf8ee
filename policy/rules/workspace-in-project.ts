import { typeOf } from "../../terraform/stack-json";
import { isResourceOf, type PolicyRule } from "../rule";

const PROJECT_TYPE = "tfe_project";

/**
 * When the stack has a project, every workspace of the stack is in it: `project_id` reads the id of a project of the
 * stack, made by it or, in a shard of the room, looked up by a data source. A workspace left out lands in the
 * organization's default project (or stays where it was), outside the room's grouping and its teardown. A value the
 * rule cannot follow is a finding too.
 */
export const workspaceInProject: PolicyRule = {
  id: "workspace-in-project",
  level: "error",
  explanation:
    "A workspace outside the workshop's project is missed by whoever reads the room, or tears it down, by its project.",
  fix: "set the workspace's project_id to the id of the stack's tfe_project.",
  check: (element, context) => {
    if (!isResourceOf(element, "tfe_workspace")) return undefined;
    const project = context.elements.find(
      (candidate) => (candidate.kind === "resource" || candidate.kind === "data") && candidate.type === PROJECT_TYPE,
    );
    if (project === undefined) return undefined;
    if (element.attributes.project_id === undefined) return `has no project_id, so it is not in ${project.address}`;
    for (const source of context.sources(element.attributes.project_id, element)) {
      if (source.kind === "unknown") return `project_id cannot be traced to a project: ${source.reason}`;
      if (source.kind === "literal") return `project_id ${JSON.stringify(source.value)} is not a project of this stack`;
      const read = `${source.address}${source.attribute === undefined ? "" : `.${source.attribute}`}`;
      if (
        typeOf(source.address) !== PROJECT_TYPE ||
        source.attribute !== "id" ||
        context.elementAt(source.address) === undefined
      ) {
        return `project_id reads ${read}, which is not the id of a project of this stack`;
      }
    }
    return undefined;
  },
};
