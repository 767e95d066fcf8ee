import type { PreflightCheck } from "../check";
import { answersCheck } from "./answers";
import { enterpriseTeamTokensCheck } from "./enterprise-team-tokens";
import { eventCheck } from "./event";
import { foreignResourcesCheck } from "./foreign-resources";
import { invitationsCheck } from "./invitations";
import { localStatesLeftCheck } from "./local-states-left";
import { migrationMachineCheck } from "./migration-machine";
import { moverEmailsCheck } from "./mover-emails";
import { organizationCheck } from "./organization";
import { organizationTokenCheck } from "./organization-token";
import { passedExpiriesCheck } from "./passed-expiries";
import { projectCheck } from "./project";
import { projectMovesCheck } from "./project-moves";
import { removalsCheck } from "./removals";
import { roomRenamesCheck } from "./room-renames";
import { shardMigrationCheck } from "./shard-migration";
import { shardsCheck } from "./shards";
import { stateCheck } from "./state";
import { takenTokenDescriptionsCheck } from "./taken-token-descriptions";
import { teamsCheck } from "./teams";
import { tokenReplacementsCheck } from "./token-replacements";
import { teamsEntitlementCheck } from "./teams-entitlement";
import { tokenCheck } from "./token";
import { workspacesCheck } from "./workspaces";

/** Every preflight check, in the order of the checklist. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  stateCheck,
  localStatesLeftCheck,
  foreignResourcesCheck,
  shardsCheck,
  migrationMachineCheck,
  shardMigrationCheck,
  moverEmailsCheck,
  tokenCheck,
  answersCheck,
  organizationCheck,
  teamsEntitlementCheck,
  projectCheck,
  workspacesCheck,
  projectMovesCheck,
  teamsCheck,
  takenTokenDescriptionsCheck,
  enterpriseTeamTokensCheck,
  organizationTokenCheck,
  passedExpiriesCheck,
  tokenReplacementsCheck,
  roomRenamesCheck,
  invitationsCheck,
  eventCheck,
  removalsCheck,
];
