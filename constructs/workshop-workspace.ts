import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Construct } from "constructs";
import { DEFAULT_EXECUTION_MODE } from "../workshop/defaults";
import type { ExecutionMode } from "../terraform-cloud/workspace-settings";
import { literalText } from "../terraform/template";
import { ImportBlocks } from "./import-blocks";
import { ValidationError } from "./validation-error";

/** The settings a workshop workspace may have; a room gives every attendee workspace the same. */
export interface WorkspaceSettingsProps {
  /**
   * Where runs execute.
   * @default "local": Terraform runs on the attendee's machine and Terraform Cloud only stores the state
   */
  readonly executionMode?: ExecutionMode;
  /**
   * Agent pool that runs the workspace; required with the "agent" execution mode.
   * @default no agent pool
   */
  readonly agentPoolId?: string;
  /**
   * Description shown in Terraform Cloud, as plain text: a `${` or `%{` in it is written for Terraform to keep.
   * @default no description
   */
  readonly description?: string;
  /**
   * Tag names for the workspace.
   * @default no tags
   */
  readonly tags?: readonly string[];
  /**
   * Terraform version or constraint for remote and agent runs.
   * @default Terraform Cloud's latest version
   */
  readonly terraformVersion?: string;
}

/** Properties of a {@link WorkshopWorkspace}. */
export interface WorkshopWorkspaceProps extends WorkspaceSettingsProps {
  /** Name of the organization the workspace belongs to. */
  readonly organization: string;
  /** Name of the workspace. */
  readonly name: string;
  /**
   * Id of the project the workspace is in (`project_id`); an existing workspace in another one is moved into it.
   * @default none given: a new workspace goes to the organization's default project, an existing one stays where it is
   */
  readonly projectId?: string;
  /**
   * Import id of the workspace (`<organization>/<workspace>`), when it exists already and is imported instead
   * of created; its settings are imported with it.
   * @default not imported: the workspace is created
   */
  readonly importId?: string;
}

/**
 * The tfe_workspace settings this project does not own. The provider plans each one it leaves out back to its
 * default (or to nothing), which would reset an adopted workspace, or one a facilitator changed by hand; Terraform
 * uses them only when it creates the workspace. Read from resource_tfe_workspace.go of tfe 0.71.0. `project_id` is
 * not one of them: it is how the workshop's project holds its workspaces, moving an adopted one into it.
 */
export const UNOWNED_WORKSPACE_SETTINGS = [
  "allow_destroy_plan",
  "auto_apply_run_trigger",
  "auto_destroy_activity_duration",
  "auto_destroy_at",
  "file_triggers_enabled",
  "force_delete",
  "hyok_enabled",
  "queue_all_runs",
  "source_name",
  "source_url",
  "speculative_enabled",
  "ssh_key_id",
  "structured_run_output_enabled",
  "trigger_patterns",
  "trigger_prefixes",
  "working_directory",
];

/**
 * The tfe_workspace_settings arguments this project does not own: tfe 0.71.0's update sends those a config leaves
 * out as false or empty whenever anything else changes (resource_tfe_workspace_settings.go, updateSettings).
 */
export const UNOWNED_EXECUTION_SETTINGS = [
  "assessments_enabled",
  "auto_apply",
  "description",
  "global_remote_state",
  "remote_state_consumer_ids",
  "tags",
];

/** Refuses settings tfe would refuse at deploy: an agent pool goes with the agent execution mode, and only with it. */
export function validateSettings(scope: Construct, settings: WorkspaceSettingsProps): void {
  const mode = settings.executionMode ?? DEFAULT_EXECUTION_MODE;
  if (mode === "agent" && settings.agentPoolId === undefined)
    throw new ValidationError(`the agent execution mode needs an agentPoolId`, scope);
  if (mode !== "agent" && settings.agentPoolId !== undefined)
    throw new ValidationError(`an agentPoolId goes with the agent execution mode only, not ${mode}`, scope);
}

/** The tfe_workspace arguments every workshop workspace shares: no VCS connection, and only its own settings owned. */
export function workspaceArguments(settings: WorkspaceSettingsProps) {
  return {
    description: settings.description === undefined ? undefined : literalText(settings.description),
    tagNames: settings.tags === undefined ? undefined : [...settings.tags],
    terraformVersion: settings.terraformVersion,
  };
}

/** The tfe_workspace_settings arguments: the execution mode, which tfe 0.71 no longer takes on the workspace. */
export function executionArguments(settings: WorkspaceSettingsProps) {
  return {
    executionMode: settings.executionMode ?? DEFAULT_EXECUTION_MODE,
    agentPoolId: settings.agentPoolId,
    lifecycle: { ignoreChanges: UNOWNED_EXECUTION_SETTINGS },
  };
}

/**
 * A CLI-driven workspace (never connected to VCS) that holds someone's state, protected from destroy,
 * with its execution mode set through `tfe_workspace_settings` as tfe 0.71 requires.
 */
export class WorkshopWorkspace extends Construct {
  /** The workspace's id (`ws-...`). */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: WorkshopWorkspaceProps) {
    super(scope, id);
    validateSettings(this, props);
    const workspace = new Workspace(this, "workspace", {
      organization: props.organization,
      name: props.name,
      projectId: props.projectId,
      ...workspaceArguments(props),
      // The state inside is someone's work: destroying the workspace would delete it.
      lifecycle: { preventDestroy: true, ignoreChanges: UNOWNED_WORKSPACE_SETTINGS },
    });
    this.id = workspace.id;
    const settings = new WorkspaceSettings(this, "settings", {
      workspaceId: this.id,
      ...executionArguments(props),
    });
    if (props.importId !== undefined) {
      new ImportBlocks(this, "import", {
        imports: [
          { resource: workspace, id: props.importId },
          { resource: settings, id: props.importId },
        ],
      });
    }
  }
}
