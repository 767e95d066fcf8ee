import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectSettings } from "@cdktf/provider-tfe/lib/project-settings";
import { Construct } from "constructs";
import {
  MAX_PROJECT_DESCRIPTION_LENGTH,
  PROJECT_ID_PATTERN,
  projectNameProblem,
} from "../terraform-cloud/naming-rules";
import { DEFAULT_EXECUTION_MODE } from "../workshop/defaults";
import { literalText } from "../terraform/template";
import { ForgetOnRemoval } from "./forget-on-removal";
import { ImportBlocks } from "./import-blocks";
import { ValidationError } from "./validation-error";

/** The construct id of the project's resource, and so, with the construct's own, its Terraform address. */
const RESOURCE_ID = "project";
/** The construct id of the project's settings resource. */
const SETTINGS_ID = "settings";

/**
 * The tfe_project settings this project never owns. tfe 0.71.0 plans them back whenever anything else of the project
 * changes (a rename): `tags` is optional and computed without UseStateForUnknown, so it is planned unknown and its
 * Update deletes every tag binding; `auto_destroy_activity_duration` is optional only, so leaving it out plans an
 * explicit null over the project's own (resource_tfe_project.go). Terraform uses them only when it creates the
 * project. `description` is the config's when it gives one, and joins these when it does not.
 */
export const UNOWNED_PROJECT_SETTINGS = ["auto_destroy_activity_duration", "tags"];

/** Properties of a {@link WorkshopProject}. */
export interface WorkshopProjectProps {
  /** Name of the organization the project belongs to. */
  readonly organization: string;
  /** Name of the project: 3 to 40 letters, digits, "_", "-" and spaces, neither starting nor ending with a space. */
  readonly name: string;
  /**
   * Description shown in Terraform Cloud, as plain text: a `${` or `%{` in it is written for Terraform to keep.
   * @default none: the project's own description is kept as it is (an empty one for a new project)
   */
  readonly description?: string;
  /**
   * Import id of the project (its id, `prj-...`), when it exists already and is adopted instead of created.
   * @default not imported: the project is created
   */
  readonly importId?: string;
}

/**
 * The Terraform Cloud project that holds every workshop workspace, protected from destroy, with local execution as
 * the default of its workspaces: a workspace whose settings are deleted (tfe 0.71.0's workspace_settings Delete
 * clears its overrides) falls back to the project's default, which would otherwise be the organization's, often
 * remote.
 */
export class WorkshopProject extends Construct {
  /** The project's id (`prj-...`), as a reference, for the workspaces' `project_id`. */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: WorkshopProjectProps) {
    super(scope, id);
    const { name, description, importId } = props;
    const nameProblem = projectNameProblem(name);
    if (nameProblem !== undefined) throw new ValidationError(nameProblem, this);
    if (
      description !== undefined &&
      (description.length === 0 || description.length > MAX_PROJECT_DESCRIPTION_LENGTH)
    ) {
      throw new ValidationError(
        `a project description is 1 to ${MAX_PROJECT_DESCRIPTION_LENGTH} ` +
          `characters, but this one has ${description.length}`,
        this,
      );
    }
    if (importId !== undefined && !PROJECT_ID_PATTERN.test(importId))
      throw new ValidationError(`the import id ${JSON.stringify(importId)} is not a project id (prj-...)`, this);
    const project = new Project(this, RESOURCE_ID, {
      // Named always: tfe replaces a project whose organization comes from the provider and differs from its own.
      organization: props.organization,
      name,
      description: description === undefined ? undefined : literalText(description),
      // The project holds the workshop's workspaces: Terraform Cloud refuses to delete it while it holds any, and
      // a plan that would is refused before it starts.
      lifecycle: {
        preventDestroy: true,
        ignoreChanges:
          description === undefined ? [...UNOWNED_PROJECT_SETTINGS, "description"].sort() : UNOWNED_PROJECT_SETTINGS,
      },
    });
    // tfe 0.71.0 (resource_tfe_project_settings.go): project_id is the only ForceNew argument; Create and Update both
    // PATCH the project, and Delete PATCHes its overrides off, so the project falls back to the organization's default.
    const settings = new ProjectSettings(this, SETTINGS_ID, {
      projectId: project.id,
      defaultExecutionMode: DEFAULT_EXECUTION_MODE,
    });
    // Its import id is the project's id: an adopted project's own default shows in the plan as the change it is.
    if (importId !== undefined) {
      new ImportBlocks(this, "import", {
        imports: [
          { resource: project, id: importId },
          { resource: settings, id: importId },
        ],
      });
    }
    this.id = project.id;
  }

  /**
   * What stands at a project's construct path once the config no longer has it: a removed block that forgets, never
   * destroys, the project made there before (its workspaces stay in it) and its settings; with nothing in the state,
   * it does nothing.
   */
  static forgotten(scope: Construct, id: string): void {
    const place = new Construct(scope, id);
    new ForgetOnRemoval(place, RESOURCE_ID, { resourceType: Project.tfResourceType });
    // Its settings are forgotten with it: their Delete would put the project's workspaces back on the organization's
    // default.
    new ForgetOnRemoval(place, SETTINGS_ID, { resourceType: ProjectSettings.tfResourceType });
  }
}
