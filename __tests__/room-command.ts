import { join } from "node:path";
import { expect } from "vitest";
import type { Rehearsal } from "../operations/rehearsal";
import type { Fault, StandInOrganization } from "../terraform-cloud/stand-in";
import { runInProcess } from "./cli";
import { fakeClouds } from "./workshop-day-support";

/**
 * A run of a command, its lines as a user reads them: the address and the run's directory read alike; its requests
 * are paced on a moved clock, so it says it took 0.0 s.
 */
export interface RoomCommandRun {
  readonly status: number | null;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** How many requests the stand-in answered. */
  readonly requests: number;
}

/** What a case changes in a room command's run: the stand-in's faults, the token (null: none), the config file. */
export interface RoomCommandCase {
  readonly faults?: Record<string, Fault>;
  readonly token?: string | null;
  readonly configPath?: string;
}

/** Where a room command runs: the stand-in's address, the config file, the token (null: none), its output directory. */
export interface RoomCommandPlace {
  readonly address: string;
  readonly configPath: string;
  readonly token: string | null;
  /** @default cdktf.out in the run's directory */
  readonly outdir?: string;
}

/**
 * Runs a command as a user runs it, through bin/cli.js's list, in `directory` (its HOME) against the stand-in at the
 * place given, with `args`. It fails when a line carries a token of the seed.
 */
export async function runRoomCommand(
  name: string,
  args: readonly string[],
  seed: Pick<Rehearsal, "facilitatorToken" | "tokens">,
  directory: string,
  { address, configPath, token, outdir = join(directory, "cdktf.out") }: RoomCommandPlace,
): Promise<Omit<RoomCommandRun, "requests">> {
  const result = await runInProcess(name, args, {
    WORKSHOP_CONFIG: configPath,
    CDKTF_OUTDIR: outdir,
    TFE_ADDRESS: address,
    ...(token === null ? {} : { TFE_TOKEN: token }),
    HOME: directory,
  });
  for (const each of [seed.facilitatorToken, ...seed.tokens.keys()])
    expect(`${result.stdout}${result.stderr}`).not.toContain(each);
  const lines = (text: string) =>
    text.replaceAll(address, "<address>").replaceAll(`${directory}/`, "").split("\n").slice(0, -1);
  return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

/**
 * The runner of a command that reads the deployed room (nudge, leftovers): run as {@link runRoomCommand} runs it,
 * against a stand-in of its own serving the organization given (none: not deployed), by default with the seed's
 * facilitator token and `roomFile`.
 */
export function roomCommand(
  name: string,
  seed: Pick<Rehearsal, "facilitatorToken" | "tokens">,
  directory: string,
  roomFile: string,
): (organization: StandInOrganization | undefined, given?: RoomCommandCase) => Promise<RoomCommandRun> {
  const cloud = fakeClouds();
  return async (organization, { faults, token = seed.facilitatorToken, configPath = roomFile } = {}) => {
    const fake = await cloud({
      organizations: organization === undefined ? [] : [organization],
      tokens: seed.tokens,
      faults,
    });
    const run = await runRoomCommand(name, [], seed, directory, { address: fake.address, configPath, token });
    return { ...run, requests: fake.requests.length };
  };
}

/** The token of `attendee`'s team in a seeded room, which sees their own workspace only. */
export function attendeeTeamToken(
  seed: Pick<Rehearsal, "tokens">,
  room: StandInOrganization,
  attendee: string,
): string {
  const { teamId } = room.teamTokens!.find((token) => token.description?.endsWith(` ${attendee}`))!;
  const [token] = [...seed.tokens].find(([, identity]) => identity.kind === "team" && identity.teamId === teamId)!;
  return token;
}
