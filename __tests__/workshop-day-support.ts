import { Testing } from "cdktf";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll } from "vitest";
import { APPLIED_CHECK } from "../commands/deploy";
import { DEPLOY_RECORD_FILE, deployRecordText } from "../operations/deploy-record";
import { TERRAFORM_DATA_DIRECTORY } from "../operations/outputs";
import { roomIdsHeld } from "../operations/preflight/check";
import { rehearsal, type Rehearsal } from "../operations/rehearsal";
import { stateFromText } from "../operations/stack-state";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import type { Timer } from "../terraform-cloud/api-client";
import { attendeeTokenDescription } from "../workshop/defaults";
import { deepFreeze, validConfig } from "./support";
import {
  startStandIn,
  type Fault,
  type StandIn,
  type StandInIdentity,
  type StandInOrganization,
} from "../terraform-cloud/stand-in";

/** The room the workshop-day tests deploy and rehearse, as the README does: the default workshop, two attendees. */
export const ROOM = deepFreeze({
  organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
  workspaces: [{ name: "aws_workshop", executionMode: "local" }],
  teams: [
    {
      name: "workshop-pipeline",
      access: { aws_workshop: "write" },
      token: { description: "workshop pipeline", rotationDays: 30 },
    },
  ],
  attendees: {
    names: [
      { name: "alice", email: "alice@example.com" },
      { name: "bob", email: "bob@example.com" },
    ],
  },
});

/** When the workshop-day tests' rooms are deployed: the morning of the workshop. */
export const DEPLOYED_AT = new Date("2026-11-30T08:00:00Z");

/**
 * Terraform Cloud and every stack's state as a deploy of the config `json` left them at `now` (with `deployed: false`,
 * as before the first deploy), seeded as npm run rehearse seeds them, each shard's stack too; `room` is the config's
 * organization there.
 */
export function deployedSeed(
  json: unknown,
  { now = DEPLOYED_AT, deployed = true }: { readonly now?: Date; readonly deployed?: boolean } = {},
): { readonly seed: Rehearsal; readonly room: StandInOrganization } {
  const config = validConfig(json);
  const { shared, shards } = workshopStacks(Testing.app(), config);
  const seed = rehearsal(config, shared.toTerraform() as StackJson, {
    deployed,
    now,
    shards: new Map([...shards.values()].map((shard) => [shard.node.id, shard.toTerraform() as StackJson])),
  });
  return { seed, room: seed.organizations.find((organization) => organization.name === config.organization.name)! };
}

/** The organization with each workspace named managing that many resources, from a state pushed at `at`. */
export function withStatePushed(
  organization: StandInOrganization,
  resources: Readonly<Record<string, number>>,
  at: string,
): StandInOrganization {
  return {
    ...organization,
    workspaces: organization.workspaces!.map((workspace) =>
      Object.hasOwn(resources, workspace.name)
        ? { ...workspace, resourceCount: resources[workspace.name], stateAt: at }
        : workspace,
    ),
  };
}

/** The organization with the token of each attendee named last used at `at`, as Terraform Cloud shows a use. */
export function withTokensUsed(
  organization: StandInOrganization,
  attendees: readonly string[],
  at: string,
): StandInOrganization {
  const used = new Set(attendees.map((attendee) => attendeeTokenDescription(attendee)));
  return {
    ...organization,
    teamTokens: organization.teamTokens!.map((token) =>
      used.has(token.description ?? "") ? { ...token, lastUsedAt: at } : token,
    ),
  };
}

/** A token-shaped value made at run time, so that tests can prove it is never printed. */
export function fakeToken(seed: string): string {
  return [seed.padEnd(14, "x").slice(0, 14), ["atlas", "v1"].join(""), seed.repeat(64).slice(0, 64)].join(".");
}

/**
 * Makes `directory` a git repository whose .gitignore holds `pattern`: by default everything, as the project ignores
 * handouts/ and rehearsal/, so that a command that runs there (its `cwd`) may write secrets anywhere below it.
 */
export function ignoringRepository(directory: string, pattern = "*"): string {
  const made = spawnSync("git", ["init", "-q"], { cwd: directory, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`git init failed: ${made.stderr}`);
  writeFileSync(join(directory, ".gitignore"), `${pattern}\n`);
  return directory;
}

/** A temporary directory for configs and outputs, removed after the file's tests. */
export function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "workshop-day-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Starts stand-ins of Terraform Cloud that are closed after the file's tests (some run concurrently). */
export function fakeClouds(): (options: {
  organizations: readonly StandInOrganization[];
  tokens: ReadonlyMap<string, StandInIdentity>;
  faults?: Record<string, Fault>;
  now?: () => Date;
}) => Promise<StandIn> {
  const open: StandIn[] = [];
  afterAll(async () => {
    await Promise.all(open.splice(0).map((cloud) => cloud.close()));
  });
  return async (options) => {
    const cloud = await startStandIn(options);
    open.push(cloud);
    return cloud;
  };
}

/** Writes a config file and returns its path. */
export function configFile(directory: string, name: string, json: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** What a command printed: its output lines and its report lines (stderr). */
export interface Captured {
  readonly printed: string[];
  readonly reported: string[];
  readonly waits: number[];
  readonly options: {
    readonly print: (line: string) => void;
    readonly report: (line: string) => void;
    readonly pacing: {
      readonly requestsPerSecond: number;
      readonly sleep: (ms: number) => Promise<void>;
      readonly clock: () => number;
    };
    readonly home: string;
  };
}

/**
 * A pacer's clock that only its sleeps move, never sleeping: each wait is recorded and passes at once. No pace of its
 * own: a test that wants one sets requestsPerSecond.
 */
export function movedClock() {
  const waits: number[] = [];
  let now = 0;
  return {
    waits,
    now: () => now,
    pacing: {
      requestsPerSecond: Number.POSITIVE_INFINITY,
      sleep: (ms: number) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
      clock: () => now,
    },
  };
}

/**
 * A request timer that runs out only when the test moves it on, never by itself: `move(ms)` expires each timer due
 * by then, and `running()` counts those started and neither stopped nor expired.
 */
export function heldTimer() {
  let now = 0;
  const running = new Set<{ readonly at: number; readonly expire: () => void }>();
  const timer: Timer = (ms, expire) => {
    const started = { at: now + ms, expire };
    running.add(started);
    return () => running.delete(started);
  };
  const move = (ms: number) => {
    now += ms;
    for (const started of [...running])
      if (started.at <= now) {
        running.delete(started);
        started.expire();
      }
  };
  return { timer, move, running: () => running.size };
}

/** Captures a command's lines; the pacer's waits are recorded and pass on a clock of their own, never slept. */
export function capture(home: string): Captured {
  const printed: string[] = [];
  const reported: string[] = [];
  const { waits, pacing } = movedClock();
  return {
    printed,
    reported,
    waits,
    options: { print: (line) => printed.push(line), report: (line) => reported.push(line), pacing, home },
  };
}

/**
 * The variables a file sets when a POSIX shell sources it, as `source rehearsal/env` does: its quoting proved by a
 * shell.
 */
export function sourced(file: string): NodeJS.ProcessEnv {
  const shell = spawnSync("sh", ["-c", '. "$0" && env -0', file], { env: {}, encoding: "utf8" });
  if (shell.status !== 0) throw new Error(`sh could not source ${file}: ${shell.stderr}`);
  const set = shell.stdout.split("\0").filter((entry) => /^(TFE_|WORKSHOP_|CDKTF_)/.test(entry));
  return Object.fromEntries(
    set.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

/**
 * The deploy record `npm run deploy` writes before a move's stacks forget the rooms: the ids of every attendee's
 * workspace and team in the states given (the texts of the states before the move), written into `directory`.
 */
export function recordMovedRooms(directory: string, stateTexts: readonly string[]): void {
  const held = roomIdsHeld({
    now: new Date(0),
    disposableMachine: false,
    hasToken: true,
    failures: [],
    shardStates: new Map(
      stateTexts.map((text, index) => [
        String(index),
        { location: { kind: "local", file: "" }, reading: stateFromText(text) },
      ]),
    ),
  });
  writeFileSync(join(directory, DEPLOY_RECORD_FILE), deployRecordText(new Map(), held));
}

/** One instance of a resource in a local state, as the fake apply rewrites it. */
interface StateInstance {
  readonly index_key?: string;
  readonly attributes: Record<string, unknown>;
}

/** A local state as the fake apply rewrites it: only what it changes is typed. */
interface LocalState {
  serial: number;
  resources: Array<{ readonly mode: string; readonly type: string; readonly name: string; instances: StateInstance[] }>;
}

const ROTATION_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/** The resource types whose instances, keyed by attendee, tell which rooms a state holds. */
const ROOM_TYPES = ["tfe_workspace", "tfe_team"];

/** Each room resource of a synthesized stack (a `for_each` over a local list of the attendees' names), its keys. */
function roomResources(stack: StackJson) {
  return ROOM_TYPES.flatMap((type) =>
    Object.entries(stack.resource?.[type] ?? {}).flatMap(([name, block]) => {
      const local = /^\$\{toset\(local\.([^)]+)\)\}$/.exec(String(block.for_each))?.[1];
      const keys = local === undefined ? undefined : stack.locals?.[local];
      return Array.isArray(keys) ? [{ type, name, keys: keys as string[], named: String(block.name) }] : [];
    }),
  );
}

/**
 * A stack's local state (`previous`, none before its first apply) as an apply of its synthesized stack leaves it, only
 * in what this project reads of it: each room resource holds an instance for each attendee the stack has now, one
 * already there kept as it was (its id), a new one made, and one the stack no longer has is gone; with `at`, a
 * `time_rotating` replaced then rotates 30 days (the default rotation) after it; Terraform raises its serial when
 * anything changed, and otherwise leaves it as it was. Undefined where Terraform would write nothing that this project
 * reads: no state before, and no room.
 */
export function appliedState(stack: StackJson, previous: string | undefined, at?: Date): string | undefined {
  const rooms = roomResources(stack);
  if (previous === undefined && rooms.every(({ keys }) => keys.length === 0)) return undefined;
  const state: LocalState =
    previous === undefined ? { serial: 0, resources: [] } : (JSON.parse(previous) as LocalState & { version: number });
  const before = JSON.stringify(state.resources);
  // A room resource the stack no longer has (its rooms moved out, forgotten or deleted) leaves the state
  state.resources = state.resources.filter(
    (held) =>
      !ROOM_TYPES.includes(held.type) ||
      held.instances.every(({ index_key }) => index_key === undefined) ||
      rooms.some(({ type, name }) => held.type === type && held.name === name),
  );
  for (const { type, name, keys, named } of rooms) {
    let resource = state.resources.find((held) => held.type === type && held.name === name);
    if (resource === undefined) state.resources.push((resource = { mode: "managed", type, name, instances: [] }));
    const held = new Map(resource.instances.map((instance) => [instance.index_key, instance]));
    resource.instances = keys.map(
      (key) =>
        held.get(key) ?? {
          index_key: key,
          attributes: { id: `${type}-${key}-${state.serial + 1}`, name: named.replace("${each.key}", key) },
        },
    );
  }
  const rotatesAt = at === undefined ? undefined : new Date(at.getTime() + ROTATION_DAYS_MS).toISOString();
  for (const resource of state.resources.filter(({ type }) => type === "time_rotating" && rotatesAt !== undefined))
    for (const { attributes } of resource.instances) attributes.rotation_rfc3339 = rotatesAt;
  if (previous !== undefined && JSON.stringify(state.resources) === before) return previous;
  state.serial += 1;
  return JSON.stringify({ version: 4, terraform_version: "1.11.0", lineage: "applied", outputs: {}, ...state });
}

/** The value of a cdktf option given as `--name value`. */
const optionOf = (args: readonly string[], name: string) => args[args.indexOf(name) + 1];

/**
 * What an apply of a stack does to its local state: it reads the stack as cdktf deploy does, from the output directory
 * it was given (`--output`, with `--skip-synth`: never running the app), and writes `appliedState` of it where its
 * local backend says; a state in Terraform Cloud is the test's to write.
 */
function applyToState(args: readonly string[], at: Date | undefined): void {
  const id = args[1]!;
  if (!args.includes("--skip-synth")) throw new Error(`cdktf deploy ${id} would synthesize the config again`);
  const directory = join(optionOf(args, "--output")!, "stacks", id);
  const stack = JSON.parse(readFileSync(join(directory, "cdk.tf.json"), "utf8")) as StackJson;
  const path = stack.terraform?.backend?.local?.path;
  if (typeof path !== "string") return;
  const file = resolve(directory, path);
  const previous = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  // A state that is none (a test's broken one) is left for the deploy to find
  if (previous !== undefined && stateFromText(previous).kind !== "read") return;
  const state = appliedState(stack, previous, at);
  if (state !== undefined) writeFileSync(file, state);
}

/**
 * `cdktf deploy` and the terraform plan that checks it, stood in for as npm run deploy runs them: the arguments of each
 * cdktf deploy, in order, and the stacks the check ran in. A stack in `declined` is one whose approval the facilitator
 * declined: cdktf exits 0 without applying it, as cdktf-cli 0.21 does; one in `failing` exits 1. An apply rewrites the
 * stack's local state as Terraform would, at `appliedAt` for a `time_rotating` (see `applyToState`). The check
 * (`APPLIED_CHECK`) finds no change left only in a stack applied, and fails (exit 1) in one in `unchecked`.
 */
export function fakeCdktf(
  stacks: {
    readonly declined?: readonly string[];
    readonly failing?: readonly string[];
    readonly unchecked?: readonly string[];
    readonly appliedAt?: Date;
  } = {},
) {
  const started: string[][] = [];
  const checked: string[] = [];
  const applied = new Set<string>();
  return {
    started,
    checked,
    runCdktf: (args: readonly string[]) => {
      started.push([...args]);
      const id = args[1]!;
      // cdktf deploy runs terraform init in the stack's directory before its plan, whatever comes of the plan
      if (args.includes("--output"))
        mkdirSync(join(optionOf(args, "--output")!, "stacks", id, TERRAFORM_DATA_DIRECTORY), { recursive: true });
      if (stacks.failing?.includes(id)) return 1;
      if (stacks.declined?.includes(id)) return 0;
      applied.add(id);
      applyToState(args, stacks.appliedAt);
      return 0;
    },
    runTerraform: (args: readonly string[], directory: string) => {
      if (args.join(" ") !== APPLIED_CHECK.join(" ")) return 1;
      checked.push(basename(directory));
      if (stacks.unchecked?.includes(basename(directory))) return 1;
      return applied.has(basename(directory)) ? 0 : 2;
    },
  };
}
