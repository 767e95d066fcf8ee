import { DataTfeOrganization } from "@cdktf/provider-tfe/lib/data-tfe-organization";
import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Construct } from "constructs";
import { ForgetOnRemoval } from "./forget-on-removal";
import { ImportBlocks } from "./import-blocks";
import { TokenExpiry, type TokenExpiryProps } from "./token-expiry";
import { ValidationError } from "./validation-error";

/**
 * The tfe_organization settings this project does not own: everything but the name. tfe 0.71.0 plans those a config
 * leaves out back to their defaults (the authentication policy to password, among others), and the email is the
 * owner's, used when the organization is created (resource_tfe_organization.go).
 */
export const UNOWNED_ORGANIZATION_SETTINGS = [
  "aggregated_commit_status_enabled",
  "allow_force_delete_workspaces",
  "assessments_enforced",
  "collaborator_auth_policy",
  "cost_estimation_enabled",
  "email",
  "enforce_hyok",
  "owners_team_saml_role_id",
  "send_passing_statuses_for_untriggered_speculative_plans",
  "session_remember_minutes",
  "session_timeout_minutes",
  "speculative_plan_management_enabled",
];

/** An organization token: when it expires, and whether it may replace one that exists. */
export interface OrganizationTokenProps extends TokenExpiryProps {
  /**
   * Whether to replace the organization's existing token, revoking it (`force_regenerate`).
   * @default false: creating the token fails while the organization has one
   */
  readonly replaceExisting?: boolean;
}

/** Properties of a {@link WorkshopOrganization}. */
export interface WorkshopOrganizationProps {
  /** Name of the Terraform Cloud organization. */
  readonly name: string;
  /** Email address of the organization's owner, used only when the organization is created. */
  readonly email: string;
  /**
   * Whether to create the organization.
   * @default true: the organization is created and protected from destroy; with false it must already
   * exist and is only looked up, never created, changed or destroyed.
   */
  readonly create?: boolean;
  /**
   * An organization API token for the initial setup (creating workspaces and teams), expiring on a date
   * or rotating. The organization has one such token at a time: a new one revokes the previous.
   * @default no organization token
   */
  readonly token?: OrganizationTokenProps;
  /**
   * Import id of the organization (its name), when it exists already and is imported instead of created.
   * @default not imported: it is created (when create is true)
   */
  readonly importId?: string;
}

/** The Terraform Cloud organization that holds the workshop, created or looked up. */
export class WorkshopOrganization extends Construct {
  /** The organization's name, as a reference, so that everything in it waits for it to exist. */
  public readonly name: string;
  /** The organization token's secret value, when one was asked for; only ever put it in a sensitive output. */
  public readonly token?: string;

  constructor(scope: Construct, id: string, props: WorkshopOrganizationProps) {
    super(scope, id);
    const exists = props.create === false || props.importId !== undefined;
    if (props.token?.replaceExisting === true && !exists)
      throw new ValidationError(
        `replaceExisting is for an organization that exists (looked up or imported); a new one has no token to replace`,
        this,
      );
    if (props.create === false && props.importId !== undefined)
      throw new ValidationError(`an organization only looked up is not imported; give importId only with create`, this);
    if (props.create ?? true) {
      const organization = new Organization(this, "organization", {
        name: props.name,
        email: props.email,
        // Deleting an organization deletes every workspace and state in it.
        lifecycle: { preventDestroy: true, ignoreChanges: UNOWNED_ORGANIZATION_SETTINGS },
      });
      if (props.importId !== undefined)
        new ImportBlocks(this, "import", { imports: [{ resource: organization, id: props.importId }] });
      this.name = organization.name;
    } else {
      const lookup = new DataTfeOrganization(this, "organization", { name: props.name });
      this.name = lookup.name;
      // prevent_destroy does not stop Terraform from destroying a resource whose block left the config, so
      // switching create from true to false would delete the organization with everything in it: forget it
      // instead. The lookup shares the resource's construct path, hence its name.
      new ForgetOnRemoval(this, "forget-on-removal", { from: `tfe_organization.${lookup.friendlyUniqueId}` });
    }
    if (props.token !== undefined) {
      this.token = new OrganizationToken(this, "token", {
        organization: this.name,
        expiredAt: new TokenExpiry(this, "token-expiry", props.token).expiredAt,
        forceRegenerate: props.token.replaceExisting === true ? true : undefined,
        // force_regenerate only matters when the token is created, but it is ForceNew: without this, switching
        // organization.create to false (which requires replaceExisting) would replace a token the state holds.
        lifecycle: { ignoreChanges: ["force_regenerate"] },
      }).token;
    }
  }
}
