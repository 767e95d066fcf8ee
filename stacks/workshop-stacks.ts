import type { App } from "cdktf";
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
  return { shared, shards };
}
