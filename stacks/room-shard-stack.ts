import type { Construct } from "constructs";
import type { AttendeeRoom } from "../config/attendees";
import type { ImportIds } from "../config/imports";
import type { WorkshopConfig } from "../config/schema";
import { DestroyGuard } from "../constructs/destroy-guard";
import { ProjectLookup } from "../constructs/project-lookup";
import type { WorkshopRoom } from "../constructs/workshop-room";
import { WorkshopBaseStack } from "./workshop-base-stack";
import { addRoom, addRoomOutputs, addTimeProviderFor } from "./workshop-stack";

/** Properties of a {@link RoomShardStack}. */
export interface RoomShardStackProps {
  /** The config's `state`: the shard keeps its own, in a workspace named from this one with the shard's number. */
  readonly state: WorkshopConfig["state"];
  /** The shard's number, from 1. */
  readonly shard: number;
  /** The organization's name. */
  readonly organization: string;
  /**
   * The name of the project the shared stack makes, which the shard's workspaces go in.
   * @default no project: the workspaces go in the organization's default project
   */
  readonly project?: string;
  /** The workspace whose settings every attendee workspace copies. */
  readonly baseWorkspace: WorkshopConfig["workspaces"][number];
  /** The room, with only this shard's attendees. */
  readonly room: AttendeeRoom;
  /** What exists already and is adopted. */
  readonly imports: ImportIds;
}

/**
 * One shard of a sharded room: the rooms of some attendees, with a state of their own, so that a change to one
 * attendee plans one shard. What the rooms need of the shared stack is read from Terraform Cloud, not from the
 * shared stack's state: the organization by its name, the project by its name from the organization's list of projects.
 * The shared stack is deployed first (its dependency says so to `cdktf deploy`, and `npm run deploy` orders them).
 */
export class RoomShardStack extends WorkshopBaseStack {
  /** This shard's part of the room; undefined when no attendee is in it. */
  readonly room?: WorkshopRoom;

  constructor(scope: Construct, id: string, props: RoomShardStackProps) {
    super(scope, id, { state: props.state, shard: props.shard });
    // Its rooms carry no prevent_destroy (each must be removable alone): the guard fails a destroy of the whole
    // stack. In every shard, with rooms or none: one made only with rooms would be planned for destroy, and refused,
    // by the deploy that removes a shard's last attendee.
    new DestroyGuard(this, "destroy-guard");
    const { room, organization, project } = props;
    addTimeProviderFor(this, room.environments.length > 0 ? [room.token] : []);
    // The project's id is only known once the shared stack made it: looked up by name at plan time.
    const projectId =
      project === undefined || room.environments.length === 0
        ? undefined
        : new ProjectLookup(this, "project", { organization, name: project }).id;
    this.room = addRoom(this, props.baseWorkspace, room, organization, projectId, props.imports);
    if (this.room !== undefined) addRoomOutputs(this, this.room);
  }
}
