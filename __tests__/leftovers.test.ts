import { describe, expect, it } from "vitest";
import type { Fault, StandInOrganization } from "../terraform-cloud/stand-in";
import { attendeeTeamToken, roomCommand, type RoomCommandCase } from "./room-command";
import { configFile, deployedSeed, ROOM, scratchDirectory, withStatePushed } from "./workshop-day-support";

/**
 * `npm run leftovers` against the stand-in of Terraform Cloud, run as a user runs it (through bin/cli.js's list): the
 * workshop day's room seeded as deployed (alice and bob, the declared aws_workshop, the pipeline team), each
 * workspace with the resources a case gives it.
 */

const { seed, room: deployed } = deployedSeed(ROOM);

/** The room with each workspace named managing that many resources, from a state pushed before the teardown. */
const roomWith = (resources: Readonly<Record<string, number>>, room = deployed): StandInOrganization =>
  withStatePushed(room, resources, "2026-11-30T16:40:00Z");

const idOf = (workspace: string) => deployed.workspaces!.find((each) => each.name === workspace)!.id;

const directory = scratchDirectory();
const roomFile = configFile(directory, "room.json", ROOM);
/** Runs npm run leftovers against a stand-in serving the organization given (none: not deployed). */
const leftoversAgainst = roomCommand("leftovers", seed, directory, roomFile);

const FIX =
  "Fix: have them destroy what they built before the teardown (terraform destroy " +
  "in their own project), so that their workspace manages nothing";

const HEADING = "Leftovers of room.json against <address>, token from TFE_TOKEN:";
const ALICE = `alice (aws_workshop-alice) still manages 7 resources. ${FIX}`;
const ALICE_LEFT = "1 of 2 attendees still managing resources: not ready for the teardown.";
const aliceState = `/api/v2/workspaces/${idOf("aws_workshop-alice")}/current-state-version`;
const unavailable: Fault = () => ({ status: 500, text: "{}", headers: { "Content-Type": "application/json" } });

/** A case: the room the stand-in serves (none: not deployed), what the run changes, and every line it prints. */
interface Case {
  readonly name: string;
  readonly room: StandInOrganization | undefined;
  readonly given?: RoomCommandCase;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly status: number;
  /** How many requests the stand-in answered, where the case is about them. */
  readonly requests?: number;
}

/**
 * A case of the room whose config, written to `file`, gives the event shown, deployed; alice still manages 7
 * resources, and the leftovers say `why` she needs access again.
 */
function afterTheEvent(name: string, { file, event }: { file: string; event: object }, why: string): Case {
  return {
    name,
    room: roomWith({ "aws_workshop-alice": 7 }, deployedSeed({ ...ROOM, event }).room),
    given: { configPath: configFile(directory, file, { ...ROOM, event }) },
    stdout: [`Leftovers of ${file} against <address>, token from TFE_TOKEN:`, ALICE, why, ALICE_LEFT],
    stderr: ["7 requests to <address> in 0.0 s."],
    status: 3,
  };
}

const CASES: readonly Case[] = [
  {
    name:
      "names each attendee whose workspace still manages resources, not " +
      "the declared workspace the teardown keeps, and exits 3",
    room: roomWith({ "aws_workshop-alice": 7, aws_workshop: 4 }),
    stdout: [HEADING, ALICE, ALICE_LEFT],
    stderr: ["8 requests to <address> in 0.0 s."],
    status: 3,
  },
  {
    name:
      "says the room is ready when no attendee's workspace manages " +
      "resources (alice's destroyed, bob's gone), exit 0",
    room: {
      ...roomWith({ "aws_workshop-alice": 0 }),
      workspaces: roomWith({ "aws_workshop-alice": 0 }).workspaces!.filter((each) => each.name !== "aws_workshop-bob"),
    },
    stdout: [HEADING, "0 of 2 attendees still managing resources: ready for the teardown."],
    stderr: ["7 requests to <address> in 0.0 s."],
    status: 0,
  },
  {
    name: "fails when no token is found, saying where it looked, asking nothing",
    room: deployed,
    given: { token: null },
    stdout: ["Leftovers of room.json against <address>, with no token:"],
    stderr: [
      "leftovers: no token found in TFE_TOKEN, TF_TOKEN_<host> or the terraform " +
        "login credentials; run terraform login, or export TFE_TOKEN",
    ],
    status: 1,
    requests: 0,
  },
  {
    name: "fails before the first deploy saying the organization is absent or hidden",
    room: undefined,
    stdout: [HEADING],
    stderr: [
      "leftovers: GET /api/v2/organizations/acme-aws-workshop answered 404: the organization " +
        "acme-aws-workshop does not exist yet (not deployed?) or this token cannot see it. Fix: deploy " +
        "first if it is not deployed; otherwise use a user token of an owner of the organization",
      "6 requests to <address> in 0.0 s.",
    ],
    status: 1,
  },
  {
    name:
      "fails when a workspace is not visible to the token (alice's team " +
      "token), counting it as not known, never as clean",
    room: roomWith({ "aws_workshop-alice": 0 }),
    given: { token: attendeeTeamToken(seed, deployed, "alice") },
    stdout: [
      HEADING,
      "0 of 2 attendees still managing resources, 1 not known (not visible to this " +
        "token): cannot tell whether the room is ready for the teardown.",
    ],
    stderr: [
      "warning: the workspace of 1 attendee is not visible to this token, so whether it still manages " +
        "resources is not known (bob). Run leftovers with a user token of an owner of the organization.",
      "7 requests to <address> in 0.0 s.",
    ],
    status: 1,
  },
  {
    name: "says when a workspace's state answers 404, and counts its resources from the workspace list",
    room: roomWith({ "aws_workshop-alice": 7 }),
    given: { faults: { [aliceState]: () => ({ status: 404 }) } },
    stdout: [HEADING, ALICE, ALICE_LEFT],
    stderr: [
      "warning: the state of 1 workspace could not be read with this token " +
        "(aws_workshop-alice): the resources counted there are the workspace list's " +
        "resource-count.",
      "7 requests to <address> in 0.0 s.",
    ],
    status: 3,
  },
  {
    name: "fails when a workspace's state answers 500, concluding nothing",
    room: roomWith({ "aws_workshop-alice": 7 }),
    given: { faults: { [aliceState]: unavailable } },
    stdout: [HEADING],
    stderr: [
      `leftovers: GET ${aliceState} answered 500: Terraform Cloud could not answer. Fix: try ` +
        "again in a few minutes; if it persists, check the Terraform Cloud status page",
      "7 requests to <address> in 0.0 s.",
    ],
    status: 1,
  },
  afterTheEvent(
    "still names them once the event has ended (its deploy deleted the tokens), and says how they get access again",
    { file: "ended.json", event: { ended: true } },
    "the event has ended (event.ended) and its deploy deleted the attendees' tokens: those above " +
      "need access again to run terraform destroy. Fix: remove event.ended and deploy, which issues " +
      "new tokens and invitations (see Ending the event in docs/operations.md)",
  ),
  afterTheEvent(
    "still names them once event.endsAt has passed (the tokens expired), and says how they get new ones",
    { file: "over.json", event: { endsAt: "2026-11-30T17:00:00Z" } },
    "the event ended at 2026-11-30T17:00:00Z (event.endsAt) and the attendees' tokens " +
      "expired then: those above need new ones to run terraform destroy. Fix: give " +
      "event.endsAt a later date and deploy, which replaces every attendee's token",
  ),
];

describe("npm run leftovers", () => {
  for (const { name, room, given, ...expected } of CASES) {
    it(name, async () => {
      // GIVEN the case's room and run WHEN leftovers runs THEN it prints every line of the case, word for word
      const { stdout, stderr, status, requests } = await leftoversAgainst(room, given);
      expect({ stdout, stderr, status, ...(expected.requests === undefined ? {} : { requests }) }).toEqual(expected);
    });
  }
});
