import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { handout } from "../commands/handout";
import { localStack } from "../operations/deploy-record";
import {
  OUTPUT_READS_AT_ONCE,
  parseOutputs,
  readWorkshopOutputs,
  stackDirectory,
  TERRAFORM_DATA_DIRECTORY,
  terraformOutputs,
  type StackOutputs,
  type StackOutputsReader,
} from "../operations/outputs";
import { STACK_ID } from "../stacks/workshop-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { Result } from "../text/result";
import { validConfig } from "./support";
import {
  capture,
  configFile,
  fakeClouds,
  fakeToken,
  ignoringRepository,
  ROOM,
  scratchDirectory,
} from "./workshop-day-support";

const directory = ignoringRepository(scratchDirectory());
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const SHARDS = 3;
const outdir = join(directory, "cdktf.out");
const SHARDED_ROOM = { ...ROOM, attendees: { names: NAMES, shards: SHARDS } };
const config = configFile(directory, "sharded.json", SHARDED_ROOM);
/** Each holder's token in the stand-in outputs: made from the name, so that a handout shows whose it holds. */
const tokenOf = (name: string) => fakeToken(`T0ken${name}`);
const stackDirectoryOf = (id: string) => join(outdir, "stacks", id);
const cloud = fakeClouds();

/**
 * `terraform output -json` of a deployed sharded room, stood in for: each stack's outputs hold the tokens of the
 * attendees its synthesized stack holds and of the teams whose token output it declares, as a deploy would make them;
 * every directory read is recorded.
 */
function deployedRoomOutputs(): { readonly read: string[]; readonly reader: StackOutputsReader } {
  const read: string[] = [];
  const reader: StackOutputsReader = (stackDirectory) => {
    read.push(stackDirectory);
    const stack = readFileSync(join(stackDirectory, "cdk.tf.json"), "utf8");
    const outputs = Object.keys((JSON.parse(stack) as { output?: object }).output ?? {});
    const teams = outputs.filter((output) => output.startsWith("team_token_"));
    const attendees = NAMES.filter((name) => stack.includes(JSON.stringify(name)));
    const json = {
      ...Object.fromEntries(teams.map((output) => [output, { value: tokenOf(output) }])),
      attendee_tokens: { value: Object.fromEntries(attendees.map((name) => [name, tokenOf(name)])) },
    };
    return Promise.resolve(parseOutputs(JSON.stringify(json)));
  };
  return { read, reader };
}

/** `npm run handout -- --with-token` of the sharded room, for NAME or every holder, terraform stood in for. */
async function handoutOf(name: string | undefined) {
  const { read, reader } = deployedRoomOutputs();
  const captured = capture(directory);
  const code = await handout({
    env: { WORKSHOP_CONFIG: config, CDKTF_OUTDIR: outdir },
    now: new Date(),
    ...captured.options,
    ...(name === undefined ? { all: true, out: join(directory, "handouts"), cwd: directory } : { name }),
    withToken: true,
    readStackOutputs: reader,
  });
  return { code, read, printed: captured.printed };
}

describe("outputs of a sharded room", () => {
  // The stacks as the deploy synthesized them, in the directories terraform output runs in.
  beforeAll(() => {
    const app = new App({ outdir, stackTraces: false });
    workshopStacks(app, validConfig(SHARDED_ROOM));
    app.synth();
  });

  it("reads, for one attendee's handout, the shared stack and the shard whose stack holds them", async () => {
    // GIVEN a room of 8 attendees in 3 shards WHEN alice's handout is asked for with her token
    const { code, read, printed } = await handoutOf("alice");
    // THEN terraform output runs twice: in the shared stack and in the one shard that holds alice
    const shards = readdirSync(join(outdir, "stacks")).filter((id) => id !== STACK_ID);
    const holding = shards.filter((id) =>
      readFileSync(join(stackDirectoryOf(id), "cdk.tf.json"), "utf8").includes('"alice"'),
    );
    expect(shards).toHaveLength(SHARDS);
    expect(holding).toHaveLength(1);
    expect(read).toEqual([stackDirectoryOf(STACK_ID), stackDirectoryOf(holding[0]!)]);
    // AND the handout holds her token, found there
    expect(code).toBe(0);
    expect(printed).toContain(`export TF_TOKEN_app_terraform_io=${tokenOf("alice")}`);
  });

  it("reads, for a declared team's handout, the shared stack alone", async () => {
    const { code, read, printed } = await handoutOf("workshop-pipeline");
    expect(read).toEqual([stackDirectoryOf(STACK_ID)]);
    expect(code).toBe(0);
    expect(printed).toContain(`export TF_TOKEN_app_terraform_io=${tokenOf("team_token_workshop-pipeline")}`);
  });

  it("reads, for every handout, every stack in the stacks' order", async () => {
    const { code, read } = await handoutOf(undefined);
    const shards = Array.from({ length: SHARDS }, (_, index) => `${STACK_ID}-shard-${index + 1}`);
    expect(read).toEqual([STACK_ID, ...shards].map(stackDirectoryOf));
    expect(code).toBe(0);
    const handouts = join(directory, "handouts");
    expect(readdirSync(handouts)).toHaveLength(NAMES.length + 1);
    expect(readFileSync(join(handouts, "attendee-heidi.md"), "utf8")).toContain(tokenOf("heidi"));
  });
});

describe("reading the outputs of many stacks", () => {
  /** Stacks whose reads end when the test says, each with one attendee's token, or the problem the test gives. */
  function heldReads(count: number) {
    const directories = Array.from({ length: count }, (_, index) => `stack-${index}`);
    const ends = new Map<string, (reading: Result<StackOutputs>) => void>();
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const read: StackOutputsReader = (stackDirectory) => {
      started.push(stackDirectory);
      most = Math.max(most, ++running);
      return new Promise((resolve) =>
        ends.set(stackDirectory, (reading) => {
          running--;
          resolve(reading);
        }),
      );
    };
    const succeed = (stackDirectory: string) =>
      ends.get(stackDirectory)!(
        parseOutputs(JSON.stringify({ attendee_tokens: { value: { [stackDirectory]: tokenOf(stackDirectory) } } })),
      );
    const failWith = (stackDirectory: string) => ends.get(stackDirectory)!({ ok: false, problem: stackDirectory });
    const reading = readWorkshopOutputs({ stackDirectories: directories, read });
    return { directories, reading, started, most: () => most, succeed, failWith };
  }
  /** Lets every read that can start, start: the reads wait on nothing but the test. */
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("runs at most 4 at a time, and joins them in the stacks' order, whichever ends first", async () => {
    // GIVEN six stacks WHEN their reads end from the last started to the first
    const { directories, reading, started, most, succeed } = heldReads(6);
    await turn();
    expect(started).toEqual(directories.slice(0, OUTPUT_READS_AT_ONCE));
    for (const stack of ["stack-3", "stack-2", "stack-5", "stack-4", "stack-1", "stack-0"]) {
      succeed(stack);
      await turn();
    }
    // THEN every stack was read, never more than 4 at once, and the attendees are in the stacks' order
    const read = await reading;
    expect(started).toEqual(directories);
    expect(most()).toBe(OUTPUT_READS_AT_ONCE);
    expect(read.ok && [...read.value.attendeeTokens.keys()]).toEqual(directories);
  });

  it("fails with the first stack's problem in the stacks' order, starting no read after a problem", async () => {
    // GIVEN six stacks, the second and fourth of which cannot be read
    const { reading, started, succeed, failWith } = heldReads(6);
    await turn();
    // WHEN the fourth's problem comes first, then the second's
    failWith("stack-3");
    await turn();
    failWith("stack-1");
    succeed("stack-0");
    succeed("stack-2");
    await turn();
    // THEN the reads not started when the first problem came never start, and the problem is the second's
    expect(started).toEqual(["stack-0", "stack-1", "stack-2", "stack-3"]);
    expect(await reading).toEqual({ ok: false, problem: "stack-1" });
  });
});

describe("terraform output -json in a stack's directory", () => {
  /** A deployed stack's directory (with its .terraform), and a PATH whose `terraform` is a script running `script`. */
  function withTerraform(name: string, script: string): string {
    const bin = join(directory, `${name}-bin`);
    mkdirSync(bin);
    writeFileSync(join(bin, "terraform"), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, "terraform"), 0o755);
    vi.stubEnv("PATH", bin);
    const stack = join(directory, `${name}-stack`);
    mkdirSync(join(stack, TERRAFORM_DATA_DIRECTORY), { recursive: true });
    return stack;
  }

  it("fails, running no terraform, when the stack was never deployed from its directory (no .terraform)", async () => {
    // GIVEN a stack synthesized again into an emptied cdktf.out, and a terraform that fails if it runs
    const stack = withTerraform("never-deployed", "exit 7");
    rmSync(join(stack, TERRAFORM_DATA_DIRECTORY), { recursive: true });
    try {
      // WHEN its outputs are read THEN the line says why Terraform cannot read its state, and what to do
      expect(await terraformOutputs(stack)).toEqual({
        ok: false,
        problem:
          `${stack} holds a stack never deployed from it (no .terraform in it); ` +
          "run terraform init there, which reads again the state of a stack deployed before, or pass --outputs FILE",
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("finds the init where TF_DATA_DIR puts it, relative to the stack's directory", async () => {
    // GIVEN a stack whose init went where TF_DATA_DIR says, and none in .terraform
    const printed = JSON.stringify({ attendee_tokens: { value: { alice: tokenOf("alice") } } });
    const stack = withTerraform("data-dir", `echo '${printed}'`);
    rmSync(join(stack, TERRAFORM_DATA_DIRECTORY), { recursive: true });
    mkdirSync(join(stack, "tf-data"));
    try {
      // WHEN its outputs are read with that TF_DATA_DIR THEN they are read; without it, the line names .terraform
      const read = await terraformOutputs(stack, undefined, { ...process.env, TF_DATA_DIR: "tf-data" });
      expect(read.ok && Object.fromEntries(read.value.attendeeTokens)).toEqual({ alice: tokenOf("alice") });
      const elsewhere = await terraformOutputs(stack, undefined, { ...process.env, TF_DATA_DIR: "elsewhere" });
      expect(!elsewhere.ok && elsewhere.problem).toContain("(no elsewhere in it)");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("tells a stack initialized where TF_DATA_DIR puts terraform init's files, for the deploy and preflight", () => {
    // GIVEN a stack recorded as deployed, its init in tf-data (TF_DATA_DIR), none in .terraform
    const outdir = join(directory, "data-dir-out");
    const stack = { node: { id: "aws-workshop-shard-1" }, toTerraform: () => ({ resource: {} }) };
    mkdirSync(join(stackDirectory(outdir, stack.node.id), "tf-data"), { recursive: true });
    const record = new Map([[stack.node.id, localStack(stack, new Map(), outdir, {}).digest]]);
    // WHEN it is looked at with that TF_DATA_DIR, and without THEN only the first finds the init
    expect(localStack(stack, record, outdir, { TF_DATA_DIR: "tf-data" })).toMatchObject({
      recorded: "as recorded",
      initialized: true,
    });
    expect(localStack(stack, record, outdir, {}).initialized).toBe(false);
  });

  it("reads what it prints, run in the stack's directory", async () => {
    const printed = JSON.stringify({ attendee_tokens: { value: { alice: tokenOf("alice") } } });
    // GIVEN a terraform that prints the outputs only when asked for them in the stack's directory
    const stack = withTerraform(
      "printing",
      `[ "$*" = "output -json" ] || exit 9\ncase "$PWD" in */printing-stack) echo '${printed}';; *) exit 8;; esac`,
    );
    try {
      // WHEN the stack's outputs are read THEN they are what it printed
      const read = await terraformOutputs(stack);
      expect(read.ok && Object.fromEntries(read.value.attendeeTokens)).toEqual({ alice: tokenOf("alice") });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it(
    "runs, for handout, without handing Terraform a token read through TFE_ADDRESS (a stand-in's) as the state " +
      "host's TF_TOKEN_<host>, and never prints it",
    async () => {
      // GIVEN a room whose state is on app.terraform.io, a token read through TFE_ADDRESS (a stand-in's), and a
      // terraform that fails when it is handed a TF_TOKEN_app_terraform_io, which it would send to app.terraform.io
      const facilitator = fakeToken("OutputsFac1l1");
      const fake = await cloud({
        organizations: [],
        tokens: new Map([[facilitator, { kind: "user", username: "facilitator", owns: [] }]]),
      });
      const printed = JSON.stringify({ attendee_tokens: { value: { alice: tokenOf("alice") } } });
      const bin = join(directory, "cloud-bin");
      mkdirSync(bin);
      writeFileSync(
        join(bin, "terraform"),
        `#!/bin/sh\n[ -z "$TF_TOKEN_app_terraform_io" ] || exit 1\necho '${printed}'\n`,
      );
      chmodSync(join(bin, "terraform"), 0o755);
      const cloudOutdir = join(directory, "cloud.out");
      mkdirSync(join(cloudOutdir, "stacks", STACK_ID, TERRAFORM_DATA_DIRECTORY), { recursive: true });
      const room = { ...ROOM, state: { organization: "acme-admin", workspace: "room-state" } };
      const captured = capture(directory);
      // WHEN alice's handout is asked for with her token
      const code = await handout({
        env: {
          WORKSHOP_CONFIG: configFile(directory, "cloud.json", room),
          CDKTF_OUTDIR: cloudOutdir,
          TFE_TOKEN: facilitator,
          TFE_ADDRESS: fake.address,
          PATH: bin,
        },
        now: new Date(),
        ...captured.options,
        name: "alice",
        withToken: true,
      });
      // THEN terraform ran without it and read her token, and no line holds the facilitator's
      expect(code).toBe(0);
      expect(captured.printed).toContain(`export TF_TOKEN_app_terraform_io=${tokenOf("alice")}`);
      expect([...captured.printed, ...captured.reported].filter((line) => line.includes(facilitator))).toEqual([]);
    },
  );

  it("fails with its exit code when terraform fails, the stack named", async () => {
    const stack = withTerraform("failing", "exit 3");
    try {
      expect(await terraformOutputs(stack)).toEqual({
        ok: false,
        problem: `terraform output -json in ${stack} failed (exit 3); deploy first, or pass --outputs FILE`,
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
