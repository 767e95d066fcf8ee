import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectSettings } from "@cdktf/provider-tfe/lib/project-settings";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { DataResource } from "cdktf";

/**
 * Every resource type a stack of the workshop makes, whatever the config: a state holding any other is the state of
 * something else, whose resources a deploy would destroy. A type the stacks stop making stays here while a deployed
 * room's state may hold it. `__tests__/addresses.test.ts` synthesizes every kind of stack and fails until this is
 * exactly the types they make.
 */
export const STACK_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  Organization.tfResourceType,
  OrganizationMembership.tfResourceType,
  OrganizationToken.tfResourceType,
  Project.tfResourceType,
  ProjectSettings.tfResourceType,
  Team.tfResourceType,
  TeamAccess.tfResourceType,
  TeamOrganizationMember.tfResourceType,
  TeamToken.tfResourceType,
  Workspace.tfResourceType,
  WorkspaceSettings.tfResourceType,
  Rotating.tfResourceType,
  DataResource.tfResourceType,
]);
