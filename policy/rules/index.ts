import type { PolicyRule } from "../rule";
import { adminWorkspaceAccess } from "./admin-workspace-access";
import { autoApply } from "./auto-apply";
import { localStateHoldsTokens } from "./local-state-holds-tokens";
import { noOwnersToken } from "./no-owners-token";
import { organizationManageAccess } from "./organization-manage-access";
import { organizationPreventDestroy } from "./organization-prevent-destroy";
import { organizationTokenReplaces } from "./organization-token-replaces";
import { projectDefaultLocal } from "./project-default-local";
import { projectPreventDestroy } from "./project-prevent-destroy";
import { providerNoTokenLiteral } from "./provider-no-token-literal";
import { singleOrganizationToken } from "./single-organization-token";
import { tokenExpires } from "./token-expires";
import { tokenOutlivesEvent } from "./token-outlives-event";
import { tokenOutputSensitive } from "./token-output-sensitive";
import { workspaceNoForceDelete } from "./workspace-no-force-delete";
import { workspaceInProject } from "./workspace-in-project";
import { workspaceNoVcs } from "./workspace-no-vcs";
import { workspacePreventDestroy } from "./workspace-prevent-destroy";

/** Every rule the workshop stack is held to. */
export const WORKSHOP_RULES: readonly PolicyRule[] = [
  tokenOutputSensitive,
  tokenExpires,
  tokenOutlivesEvent,
  noOwnersToken,
  singleOrganizationToken,
  organizationPreventDestroy,
  projectPreventDestroy,
  projectDefaultLocal,
  workspacePreventDestroy,
  workspaceInProject,
  workspaceNoForceDelete,
  workspaceNoVcs,
  providerNoTokenLiteral,
  adminWorkspaceAccess,
  organizationManageAccess,
  organizationTokenReplaces,
  autoApply,
  localStateHoldsTokens,
];
