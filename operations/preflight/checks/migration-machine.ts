import { attendeeRoom } from "../../../config/attendees";
import { blocker, type PreflightCheck } from "../check";

/**
 * A move of rooms between stacks (attendees.migrateFromOneStack, migrateFromShards) on a machine thrown away after the
 * job, such as a CI runner: the move's evidence, the ids of the rooms it forgets (`movedRooms` in
 * deployed-stacks.json), is written on the machine that deploys it and nowhere else, so a move stopped halfway there
 * leaves every room it forgot a blocker whose fix, deploying again from that machine, cannot be followed. So a move
 * runs from one machine.
 */
export const migrationMachineCheck: PreflightCheck = (config, facts) => {
  const room = attendeeRoom(config);
  const flag = room.migrateFromOneStack
    ? "attendees.migrateFromOneStack"
    : room.migrateFromShards === undefined
      ? undefined
      : "attendees.migrateFromShards";
  if (flag === undefined || !facts.disposableMachine) return [];
  return [
    blocker(
      flag,
      "a move of rooms between stacks does not run on a machine thrown " +
        "away after the job (CI is true): its evidence, " +
        "the ids of the rooms it forgets (deployed-stacks.json), stays on the machine that deploys it, and a move " +
        "stopped halfway here would leave every room it forgot blocked",
      "run the move's npm run deploy from one machine that keeps its deployed-stacks.json until the move is done " +
        '(docs/large-rooms.md, "A move runs from one machine"), then leave the flag out before deploying from CI',
    ),
  ];
};
