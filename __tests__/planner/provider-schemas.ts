import { deepFreeze } from "../support";

/**
 * What the planner needs to know of each provider resource the stack uses, written from the provider source
 * at the pinned versions (hashicorp/terraform-provider-tfe v0.71.0, hashicorp/terraform-provider-time v0.13.1);
 * `source` names the file each entry comes from. Nothing here is guessed from documentation.
 */
export interface ProviderSchema {
  /** The file of the provider repository that defines the resource. */
  readonly source: string;
  /** Every argument the resource takes; anything else the stack sets is a mistake of the table or the stack. */
  readonly arguments: readonly string[];
  /** Arguments whose change replaces the object: SDKv2 `ForceNew`, plugin-framework `RequiresReplace`. */
  readonly forceNew: readonly string[];
  /**
   * What the provider plans for an argument the config leaves out: a schema `Default`, or, for a plugin-framework
   * resource without one, the value its Update sends for an omitted optional+computed argument (unknown read as
   * zero). An adopted object whose value differs is planned back to this.
   */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * Attributes only the provider sets, and when their value changes: with a replacement only (`replace`, such as
   * a token), or with any update of the object (`update`, such as a rotation time).
   */
  readonly computed: Readonly<Record<string, "replace" | "update">>;
  /**
   * Optional and computed arguments without a default of an SDKv2 resource that the provider keeps as they are when
   * the config leaves them out: the plan shows no change, whatever the object holds (SDKv2 plans the prior value of a
   * computed argument the config does not set). Each gets a stand-in of its own (rewrite.ts). Listed where a test
   * plans a config that leaves one out after setting it; the others of the kind plan as the config writes them.
   * @default none
   */
  readonly keptWhenOmitted?: readonly string[];
  /**
   * The argument the provider sets to the clock's time at Create and keeps from then on, the base of what it computes
   * (time_rotating's `rfc3339`): the planner records in it the time of the apply that created the object
   * (`PlannerDirectory.apply` with `at`). Each gets a stand-in of its own (rewrite.ts).
   * @default none
   */
  readonly createdAt?: string;
  /**
   * Computed attributes the provider plans from the arguments and the base (`createdAt`), not only at Create: `planned`
   * an HCL expression made of an argument's expression and the base's, planned as the provider plans them (the value
   * for an object updated in place, unknown until the apply for one created or replaced); `stored` the value the
   * provider writes into its state, from the arguments and the base the state holds (`providerState`).
   * @default none: computed attributes are only known to change (`computed`)
   */
  readonly derived?: Readonly<Record<string, DerivedAttribute>>;
}

/** A computed attribute the provider derives from the arguments and the base ({@link ProviderSchema.derived}). */
export interface DerivedAttribute {
  readonly planned: (argument: (name: string) => string, base: string) => string;
  readonly stored: (argument: (name: string) => unknown, base: string) => unknown;
}

const TFE = "hashicorp/terraform-provider-tfe v0.71.0";
const TIME = "hashicorp/terraform-provider-time v0.13.1";

export const PROVIDER_SCHEMAS: ReadonlyMap<string, ProviderSchema> = new Map<string, ProviderSchema>([
  [
    "tfe_organization",
    {
      source: `${TFE} internal/provider/resource_tfe_organization.go`,
      arguments: [
        "name",
        "email",
        "session_timeout_minutes",
        "session_remember_minutes",
        "collaborator_auth_policy",
        "owners_team_saml_role_id",
        "cost_estimation_enabled",
        "send_passing_statuses_for_untriggered_speculative_plans",
        "aggregated_commit_status_enabled",
        "assessments_enforced",
        "allow_force_delete_workspaces",
        "speculative_plan_management_enabled",
        "enforce_hyok",
      ],
      forceNew: [],
      defaults: {
        collaborator_auth_policy: "password",
        allow_force_delete_workspaces: false,
        speculative_plan_management_enabled: true,
        enforce_hyok: false,
      },
      // The id is the name, so a rename changes it.
      computed: { default_project_id: "replace" },
    },
  ],
  [
    "tfe_organization_token",
    {
      source: `${TFE} internal/provider/resource_tfe_organization_token.go`,
      arguments: ["organization", "force_regenerate", "expired_at"],
      forceNew: ["organization", "force_regenerate", "expired_at"],
      defaults: {},
      computed: { token: "replace" },
    },
  ],
  [
    "tfe_workspace",
    {
      source: `${TFE} internal/provider/resource_tfe_workspace.go`,
      arguments: [
        "name",
        "organization",
        "description",
        "agent_pool_id",
        "allow_destroy_plan",
        "auto_apply",
        "auto_apply_run_trigger",
        "auto_destroy_at",
        "auto_destroy_activity_duration",
        "execution_mode",
        "file_triggers_enabled",
        "global_remote_state",
        "remote_state_consumer_ids",
        "assessments_enabled",
        "operations",
        "project_id",
        "queue_all_runs",
        "source_name",
        "source_url",
        "speculative_enabled",
        "ssh_key_id",
        "structured_run_output_enabled",
        "tag_names",
        "ignore_additional_tag_names",
        "tags",
        "ignore_additional_tags",
        "terraform_version",
        "trigger_prefixes",
        "trigger_patterns",
        "working_directory",
        "vcs_repo",
        "force_delete",
        "hyok_enabled",
      ],
      forceNew: ["organization"],
      defaults: {
        allow_destroy_plan: true,
        auto_apply_run_trigger: false,
        file_triggers_enabled: true,
        queue_all_runs: true,
        speculative_enabled: true,
        ssh_key_id: "",
        structured_run_output_enabled: true,
        working_directory: "",
        force_delete: false,
      },
      computed: {
        resource_count: "update",
        html_url: "update",
        inherits_project_auto_destroy: "update",
        effective_tags: "update",
      },
      // Update sends the project only when project_id changes to a value (resourceTFEWorkspaceUpdate): a config that
      // stops naming the project leaves the workspace in it.
      keptWhenOmitted: ["project_id"],
    },
  ],
  [
    "tfe_workspace_settings",
    {
      source: `${TFE} internal/provider/resource_tfe_workspace_settings.go`,
      arguments: [
        "workspace_id",
        "execution_mode",
        "agent_pool_id",
        "global_remote_state",
        "remote_state_consumer_ids",
        "description",
        "auto_apply",
        "assessments_enabled",
        "tags",
      ],
      forceNew: ["workspace_id"],
      // No schema defaults: updateSettings sends these three as false when the config leaves them out and
      // anything else changes (optional+computed without UseStateForUnknown are planned unknown, read as false).
      defaults: { auto_apply: false, assessments_enabled: false, global_remote_state: false },
      computed: { overwrites: "update", effective_tags: "update" },
    },
  ],
  [
    "tfe_team",
    {
      source: `${TFE} internal/provider/resource_tfe_team.go`,
      arguments: [
        "name",
        "organization",
        "organization_access",
        "visibility",
        "sso_team_id",
        "allow_member_token_management",
      ],
      forceNew: ["organization"],
      defaults: { allow_member_token_management: true },
      computed: {},
      // Optional and computed, no default: Create and Update send it only when set (GetOk).
      keptWhenOmitted: ["visibility"],
    },
  ],
  [
    "tfe_team_access",
    {
      source: `${TFE} internal/provider/resource_tfe_team_access.go`,
      arguments: ["access", "permissions", "team_id", "workspace_id"],
      forceNew: ["team_id", "workspace_id"],
      defaults: {},
      computed: {},
    },
  ],
  [
    "tfe_team_token",
    {
      source: `${TFE} internal/provider/resource_tfe_team_token.go`,
      arguments: ["team_id", "force_regenerate", "expired_at", "description"],
      forceNew: ["team_id", "force_regenerate", "expired_at", "description"],
      defaults: {},
      computed: { token: "replace" },
    },
  ],
  [
    "tfe_organization_membership",
    {
      source: `${TFE} internal/provider/resource_tfe_organization_membership.go`,
      arguments: ["email", "organization"],
      forceNew: ["email", "organization"],
      defaults: {},
      computed: { user_id: "replace", username: "replace" },
    },
  ],
  [
    "tfe_team_organization_member",
    {
      source: `${TFE} internal/provider/resource_tfe_team_organization_member.go`,
      arguments: ["team_id", "organization_membership_id"],
      forceNew: ["team_id", "organization_membership_id"],
      defaults: {},
      computed: {},
    },
  ],
  [
    "tfe_project",
    {
      source: `${TFE} internal/provider/resource_tfe_project.go`,
      arguments: [
        "name",
        "description",
        "organization",
        "auto_destroy_activity_duration",
        "tags",
        "ignore_additional_tags",
      ],
      forceNew: ["organization"],
      // Update sends an omitted description as "" and deletes every tag binding for omitted tags, whenever anything
      // else changes (optional+computed without UseStateForUnknown).
      defaults: { description: "", tags: {} },
      computed: {},
    },
  ],
  [
    "tfe_project_settings",
    {
      source: `${TFE} internal/provider/resource_tfe_project_settings.go`,
      arguments: ["project_id", "default_execution_mode", "default_agent_pool_id"],
      forceNew: ["project_id"],
      // No schema defaults: with an execution mode set, updateSettings sends the omitted agent pool as "" (unknown
      // read as zero), and Delete sends no mode at all with both overwrites false.
      defaults: { default_agent_pool_id: "" },
      computed: { overwrites: "update" },
    },
  ],
  [
    "time_rotating",
    {
      source: `${TIME} internal/provider/resource_time_rotating.go`,
      arguments: [
        "rotation_days",
        "rotation_hours",
        "rotation_minutes",
        "rotation_months",
        "rotation_years",
        "rotation_rfc3339",
        "rfc3339",
        "triggers",
      ],
      // rotation_days is not ForceNew: a changed period is an in-place update. rotation_rfc3339 is replaced only once
      // the state's rotation time has passed (ReplaceIfOutdated), which the planner stands for with `forget`, as Read
      // then drops the object.
      forceNew: ["rfc3339", "triggers"],
      defaults: {},
      computed: {
        year: "update",
        month: "update",
        day: "update",
        hour: "update",
        minute: "update",
        second: "update",
        unix: "update",
      },
      // Create takes the clock's time as the base; ModifyPlan and Update recompute the rotation time from the base in
      // the state (setRotationValues: base.AddDate(0, 0, rotation_days)), so a changed period keeps the first base.
      createdAt: "rfc3339",
      derived: {
        rotation_rfc3339: {
          planned: (argument, base) => `timeadd(${base}, format("%dh", ${argument("rotation_days")} * 24))`,
          // time.RFC3339 of the base in UTC plus whole days (AddDate), the form timeadd writes too.
          stored: (argument, base) =>
            new Date(Date.parse(base) + Number(argument("rotation_days")) * 24 * 60 * 60 * 1000)
              .toISOString()
              .replace(".000Z", "Z"),
        },
      },
    },
  ],
  [
    "tfe_organization_data",
    {
      source: `${TFE} internal/provider/data_source_organization.go`,
      arguments: ["name"],
      forceNew: [],
      defaults: {},
      computed: {
        external_id: "replace",
        email: "update",
        default_project_id: "replace",
        collaborator_auth_policy: "update",
      },
    },
  ],
  [
    "tfe_project_data",
    {
      source: `${TFE} internal/provider/data_source_project.go`,
      arguments: ["name", "organization"],
      forceNew: [],
      defaults: {},
      computed: {
        description: "update",
        auto_destroy_activity_duration: "update",
        workspace_ids: "update",
        workspace_names: "update",
        effective_tags: "update",
      },
    },
  ],
  [
    "tfe_projects_data",
    {
      source: `${TFE} internal/provider/data_source_projects.go`,
      arguments: ["organization"],
      forceNew: [],
      defaults: {},
      // Each project of the list: id, name, description and organization (rewrite.ts's DATA_READS fills them).
      computed: { projects: "update" },
    },
  ],
]);
// Shared by every planner test of a worker: changing it would change it for them all.
deepFreeze(PROVIDER_SCHEMAS);

/** The table's entry for a data source type, kept apart from the resource of the same name. */
export const dataSourceSchemaKey = (type: string) => `${type}_data`;
