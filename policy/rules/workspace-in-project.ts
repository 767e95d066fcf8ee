import { typeOf } from "../../terraform/stack-json";
import { isResourceOf, type PolicyRule } from "../rule";

const PROJECT_TYPE = "tfe_project";
/** The data source that lists the organization's projects, from which a shard's lookup picks the project by name. */
const PROJECT_LIST_TYPE = "tfe_projects";

/** Whether a read is the id of a project of the stack, or the list of projects a lookup picks it from. */
function readsProject(source: { readonly address: string; readonly attribute?: string }): boolean {
  const type = typeOf(source.address);
  return (
    (type === PROJECT_TYPE && source.attribute === "id") ||
    (type === PROJECT_LIST_TYPE && source.address.startsWith("data.") && source.attribute === "projects")
  );
}

/**
 * When the stack has a project, every workspace of the stack is in it: `project_id` reads the id of a project of the
 * stack, made by it or, in a shard of the room, picked from the organization's projects a `tfe_projects` data source
 * lists (which project of the list the expression picks, by name, the rule does not read). A workspace left out lands
 * in the organization's default project (or stays where it was), outside the room's grouping and its teardown. A
 * value the rule cannot follow is a finding too.
 */
export const workspaceInProject: PolicyRule = {
  id: "workspace-in-project",
  level: "error",
  explanation:
    "A workspace outside the workshop's project is missed by whoever reads the room, or tears it down, by its project.",
  fix:
    "set the workspace's project_id to the id of the stack's tfe_project, or of the project its " +
    "tfe_projects data source lists.",
  check: (element, context) => {
    if (!isResourceOf(element, "tfe_workspace")) return undefined;
    const project = context.elements.find(
      (candidate) =>
        ((candidate.kind === "resource" || candidate.kind === "data") && candidate.type === PROJECT_TYPE) ||
        (candidate.kind === "data" && candidate.type === PROJECT_LIST_TYPE),
    );
    if (project === undefined) return undefined;
    if (element.attributes.project_id === undefined) return `has no project_id, so it is not in ${project.address}`;
    for (const source of context.sources(element.attributes.project_id, element)) {
      if (source.kind === "unknown") return `project_id cannot be traced to a project: ${source.reason}`;
      if (source.kind === "literal") return `project_id ${JSON.stringify(source.value)} is not a project of this stack`;
      const read = `${source.address}${source.attribute === undefined ? "" : `.${source.attribute}`}`;
      if (!readsProject(source) || context.elementAt(source.address) === undefined) {
        return `project_id reads ${read}, which is not the id of a project of this stack`;
      }
    }
    return undefined;
  },
};
