import { DataTfeProjects } from "@cdktf/provider-tfe/lib/data-tfe-projects";
import { Fn, ref, TerraformIterator, TerraformLocal, Token, type IResolvable } from "cdktf";
import { Construct } from "constructs";
import { projectNameProblem } from "../terraform-cloud/naming-rules";
import { ValidationError } from "./validation-error";

/** Properties of a {@link ProjectLookup}. */
export interface ProjectLookupProps {
  /** Name of the organization the project is in. */
  readonly organization: string;
  /** Name of the project, matched without case, as Terraform Cloud tells project names apart. */
  readonly name: string;
}

/** A list of projects as tfe_projects holds it, as a map from each project's name in lower case to its id. */
const idsByLowerName = (projects: unknown): IResolvable =>
  TerraformIterator.fromMap(Token.asAnyMap(projects)).forExpressionForMap("lower(val.name)", "val.id");

/**
 * A project that exists already, found by its name at plan time through tfe 0.71.0's `tfe_projects` data source,
 * which lists the organization's projects 100 to a page and asks nothing else (data_source_projects.go), where
 * `tfe_project` also lists every workspace of the project, 20 to a page (data_source_project.go). A plan fails, saying
 * so, when no project has the name: the id is never null, which would put every workspace given it in the
 * organization's default project.
 */
export class ProjectLookup extends Construct {
  /** The project's id (`prj-...`), as a reference, for the workspaces' `project_id`. */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: ProjectLookupProps) {
    super(scope, id);
    const { organization, name } = props;
    const nameProblem = projectNameProblem(name);
    if (nameProblem !== undefined) throw new ValidationError(nameProblem, this);
    const lowerName = Fn.lower(name);
    const projects = new DataTfeProjects(this, "projects", {
      organization,
      lifecycle: {
        postcondition: [
          {
            // cdktf types a function's result `any`: it is an expression.
            condition: Fn.contains(Fn.keys(idsByLowerName(ref("self.projects"))), lowerName) as IResolvable,
            errorMessage:
              `Terraform Cloud has no project named ${JSON.stringify(name)} (in any case) in the organization ` +
              `${organization}, to put the workspaces in: create the project first (in a sharded room, the shared ` +
              "stack does: deploy it before the shards), or correct its name.",
          },
        ],
      },
    });
    // Indexed, not looked up with a default: a name missing from the list is an error, never a null id.
    this.id = new TerraformLocal(this, "id", Fn.lookup(idsByLowerName(projects.projects), lowerName)).asString;
  }
}
