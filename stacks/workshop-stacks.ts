import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformResource, type App } from "cdktf";
import { ForgetOnRemoval } from "../constructs/forget-on-removal";
import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { roomShards } from "../config/shards";
import { importIds } from "../config/imports";
import { RoomShardStack, type RoomShardStackProps } from "./room-shard-stack";
import { shardStackId, STACK_ID, WorkshopStack, type EveryField } from "./workshop-stack";

/** Every stack of a config: the shared one, and one per shard of a sharded room, by shard number. */
export interface WorkshopStacks {
  readonly shared: WorkshopStack;
  readonly shards: ReadonlyMap<number, RoomShardStack>;
}

/** Builds every stack of a config in the app: the one stack, or the shared stack and the room's shards. */
export function workshopStacks(app: App, config: WorkshopConfig): WorkshopStacks {
  const shared = new WorkshopStack(app, STACK_ID, { config });
  const shards = new Map<number, RoomShardStack>();
  const room = attendeeRoom(config);
  const imports = importIds(config);
  for (const [shard, attendees] of roomShards(room) ?? []) {
    const stack = new RoomShardStack(app, shardStackId(shard), {
      state: config.state,
      shard,
      organization: config.organization.name,
      project: config.project?.name,
      baseWorkspace: config.workspaces[0]!,
      room: { ...room, environments: attendees },
      imports,
    } satisfies EveryField<RoomShardStackProps>);
    // For `cdktf deploy '*'`: the shared stack first, since a shard looks its project up by name.
    stack.addDependency(shared);
    shards.set(shard, stack);
  }
  if (room.migrateFromOneStack) forgetMovedRooms(shared, [...shards.values()]);
  return { shared, shards };
}

/**
 * What a room moving into shards leaves in the one stack's state for its shard to import (tfe 0.71.0 imports each by
 * name).
 */
const MOVED_TYPES: ReadonlySet<string> = new Set(
  [Workspace, WorkspaceSettings, Team, OrganizationMembership, TeamOrganizationMember].map(
    (type) => type.tfResourceType,
  ),
);

/**
 * Removed blocks in the shared stack, so that its deploy forgets the workspaces, teams and memberships the shards
 * import, instead of deleting them. An attendee's addresses are the same in the one stack and in their shard, so the
 * shards' resources name them. The tokens and team accesses are not forgotten: the deploy deletes them, and each shard
 * creates them again (a token's value cannot be imported, an access's import needs its id).
 */
function forgetMovedRooms(shared: WorkshopStack, shards: readonly RoomShardStack[]): void {
  const addresses = new Set(
    shards.flatMap((shard) =>
      shard.node
        .findAll()
        .flatMap((node) =>
          node instanceof TerraformResource && MOVED_TYPES.has(node.terraformResourceType)
            ? [`${node.terraformResourceType}.${node.friendlyUniqueId}`]
            : [],
        ),
    ),
  );
  for (const from of [...addresses].sort()) new ForgetOnRemoval(shared, `moved-to-shard-${from}`, { from });
}
