import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { preflight } from "../commands/preflight";
import { rehearse, type RehearseOptions } from "../commands/rehearse";
import { handout } from "../commands/handout";
import { status } from "../commands/status";
import { verify } from "../commands/verify";
import { STATE_FILE } from "../stacks/workshop-stack";
import type { StandIn } from "../terraform-cloud/stand-in";
import type { Rehearsal } from "../operations/rehearsal";
import { capture, configFile, ignoringRepository, ROOM, scratchDirectory, sourced } from "./workshop-day-support";

const directory = ignoringRepository(scratchDirectory());

/** The README's recommended place for the state: a workspace of another organization. */
const withCloudState = { ...ROOM, state: { organization: "acme-admin", workspace: "aws-workshop-state" } };

let runs = 0;

/**
 * Rehearses a config into a directory of its own, runs `use` while it serves (with the environment its env file
 * sets), and returns what the rehearsal printed and reported.
 */
async function rehearsed(
  config: unknown,
  options: Partial<RehearseOptions> & { readonly out?: string; readonly configName?: string },
  use: (env: NodeJS.ProcessEnv, seed: Rehearsal, standIn: StandIn) => void | Promise<void> = () => undefined,
) {
  const run = join(directory, `run-${++runs}`);
  mkdirSync(run, { recursive: true });
  const out = options.out ?? join(run, "rehearsal");
  const file = configFile(run, options.configName ?? "room.json", config);
  const captured = capture(run);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const code = await rehearse({
    now: new Date("2026-11-30T08:00:00Z"),
    ...options,
    env: { WORKSHOP_CONFIG: file, CDKTF_OUTDIR: join(run, "cdktf.out"), ...options.env },
    out,
    cwd: run,
    ...captured.options,
    stop: stopped,
    started: async (standIn, seed) => {
      try {
        await use(sourced(join(out, "env")), seed, standIn);
      } finally {
        stop();
      }
    },
  });
  return { code, printed: captured.printed, reported: captured.reported, out, file };
}

/** Preflight's lines (what it printed, then what it reported) and its exit code, in an environment. */
async function preflightLines(env: NodeJS.ProcessEnv, home: string) {
  const captured = capture(home);
  const code = await preflight({ env, now: new Date("2026-11-30T08:00:00Z"), ...captured.options });
  return { code, lines: captured.printed, reported: captured.reported };
}

describe("npm run rehearse writes its set-up to rehearsal/env", () => {
  it(
    "sets every variable the day's commands need, quoted for the " + "shell, in a file readable by its owner only",
    async () => {
      // GIVEN a config whose path a shell would split and unquote
      let expected: NodeJS.ProcessEnv = {};
      let sourcedEnv: NodeJS.ProcessEnv = {};
      const { code, printed, out, file } = await rehearsed(
        ROOM,
        { configName: "the room's config $HOME.json", env: { TFE_HOSTNAME: "tfe.example.com" } },
        (env, seed, standIn) => {
          expected = { TFE_ADDRESS: standIn.address, TFE_TOKEN: seed.facilitatorToken };
          sourcedEnv = env;
        },
      );
      // WHEN another shell sources it THEN it has exactly what the commands read
      expect(sourcedEnv).toEqual({
        ...expected,
        TFE_HOSTNAME: "tfe.example.com",
        WORKSHOP_CONFIG: file,
        CDKTF_OUTDIR: join(out, "cdktf.out"),
      });
      expect(code).toBe(0);
      expect(statSync(join(out, "env")).mode & 0o777).toBe(0o600);
      // AND the rehearsal prints the line to run, and what the file sets
      expect(printed.slice(1, 4)).toEqual([
        "In another shell, run this line, which sets what the commands need (a rehearsal token, not a secret):",
        `source ${join(out, "env")}`,
        "It holds:",
      ]);
      expect(printed).toContain(`  export WORKSHOP_CONFIG='${file.replaceAll("'", "'\\''")}'`);
      expect(printed).toContain(`  export TFE_TOKEN=${expected.TFE_TOKEN}`);
    },
  );

  it("says there is nobody to simulate in a room without attendees, counting one of each in the singular", async () => {
    // GIVEN a room of one workspace and one team with a token, and no attendee
    const { attendees: _none, ...empty } = ROOM;
    // WHEN it is rehearsed with a simulation
    const { code, printed, file } = await rehearsed(empty, { simulateSeconds: 10 });
    // THEN it counts what it seeded in words that agree, and says the simulation has nobody to move
    expect(printed[0]).toMatch(/seeded as right after the deploy: 1 workspace, 1 team, 1 token\.$/);
    expect(printed).toContain(
      `Nothing to simulate: ${file} has no attendees (WORKSHOP_CONFIG names the room's config).`,
    );
    expect(printed.join("\n")).not.toContain("Simulating");
    expect(code).toBe(0);
  });

  it("lets preflight read the rehearsal's state, with no other variable set", async () => {
    const { code } = await rehearsed(ROOM, {}, async (env, _, standIn) => {
      const { code: checked, lines } = await preflightLines(env, directory);
      expect(lines[0]).toBe(`Preflight of ${env.WORKSHOP_CONFIG} against ${standIn.address}, token from TFE_TOKEN:`);
      expect(lines).toContain("Ready to deploy.");
      expect(checked).toBe(0);
    });
    expect(code).toBe(0);
  });

  it("fails when a link stands where rehearsal/env goes, writing nothing", async () => {
    // GIVEN a link planted where the env file goes
    const out = join(directory, "linked");
    mkdirSync(out);
    const elsewhere = join(directory, "elsewhere-env");
    writeFileSync(elsewhere, "kept\n");
    symlinkSync(elsewhere, join(out, "env"));
    // WHEN rehearsed there
    const { code, reported } = await rehearsed(ROOM, { out });
    // THEN it is refused in one line, and neither the file behind the link nor the directory is written
    expect(code).toBe(1);
    expect(reported).toEqual([
      `${join(out, "env")}: is a symbolic link, and nothing is written ` +
        "through a link; remove it, or choose another path",
      "Nothing was written and nothing was asked of Terraform Cloud: fix the place above and run again.",
    ]);
    expect(readFileSync(elsewhere, "utf8")).toBe("kept\n");
    expect(existsSync(join(out, "outputs.json"))).toBe(false);
  });

  it("fails when TFE_HOSTNAME is not a host name, serving nothing", async () => {
    const { code, reported, printed, out } = await rehearsed(ROOM, {
      env: { TFE_HOSTNAME: "https://tfe.example.com" },
    });
    expect([code, printed]).toEqual([1, []]);
    expect(reported).toEqual([
      'rehearse: TFE_HOSTNAME: must be a host name such as "tfe.example.com" or "tfe.example.com:8443": ' +
        'labels of 1 to 63 letters, digits or "-", port 1 to 65535, but "https://tfe.example.com" was ' +
        "provided",
    ]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("npm run rehearse -- --not-deployed", () => {
  it("starts from a clean rehearsal directory: no outputs or state of an earlier rehearsal", async () => {
    // GIVEN a rehearsal seeded as deployed, which wrote outputs and a state
    const first = await rehearsed(ROOM, {});
    expect(existsSync(join(first.out, STATE_FILE))).toBe(true);
    // WHEN rehearsed again into the same directory as before the first deploy
    const again = await rehearsed(ROOM, { out: first.out, deployed: false }, async (env) => {
      // THEN preflight finds no state: this is the first deploy
      const { lines } = await preflightLines(env, directory);
      expect(lines).toContain(
        `ok      state: the local file ${join(first.out, STATE_FILE)}: no state yet, this is ` +
          "the first deploy; it will hold the tokens in plain text, keep it private",
      );
    });
    expect(again.code).toBe(0);
    expect(existsSync(join(first.out, STATE_FILE))).toBe(false);
    expect(existsSync(join(first.out, "outputs.json"))).toBe(false);
    expect(existsSync(join(first.out, "env"))).toBe(true);
  });
});

describe("the day's commands after the rehearsal stopped, with its env file still sourced", () => {
  it("fails when the rehearsal has stopped, saying so, and counting no request as answered", async () => {
    // GIVEN a rehearsal that has stopped, and a shell that sourced its env file while it served
    let env: NodeJS.ProcessEnv = {};
    await rehearsed(ROOM, {}, (sourcedEnv) => {
      env = sourcedEnv;
    });
    // WHEN status runs there
    const captured = capture(directory);
    const code = await status({ env, now: new Date("2026-11-30T08:00:00Z"), ...captured.options });
    // THEN it says the rehearsal may have stopped and how to go on, and that nothing answered
    expect(code).toBe(1);
    const port = new URL(env.TFE_ADDRESS!).port;
    expect(captured.reported[0]).toBe(
      `status: GET /api/v2/account/details no connection (connect ECONNREFUSED 127.0.0.1:${port}). ` +
        "Fix: TFE_ADDRESS is on this machine, a rehearsal's, which may have stopped: start it again with " +
        "npm run rehearse and source its env file again, or unset TFE_ADDRESS (or open a new shell) to reach " +
        "Terraform Cloud; then try again",
    );
    expect(captured.reported.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^6 requests to http://127\\.0\\.0\\.1:${port} in \\d+\\.\\d s, none answered\\.$`),
      ),
    ]);
  });
});

describe("verify and handout --with-token against a rehearsal, without --outputs", () => {
  it("fails when no --outputs is given, in one line naming the rehearsal's outputs file", async () => {
    const { code, out } = await rehearsed(ROOM, {}, async (env) => {
      // GIVEN the rehearsal's variables WHEN verify and handout --with-token run without --outputs
      const verified = capture(directory);
      const verifyCode = await verify({ env, now: new Date("2026-11-30T08:00:00Z"), ...verified.options });
      const handedOut = capture(directory);
      const now = new Date("2026-11-30T08:00:00Z");
      const handoutCode = await handout({ env, now, name: "alice", withToken: true, ...handedOut.options });
      // THEN each says where the rehearsal's outputs are, since nothing deploys a rehearsal
      const noStack = `no synthesized or deployed stack in ${join(env.CDKTF_OUTDIR!, "stacks", "aws-workshop")}`;
      const fix = `TFE_ADDRESS is a rehearsal's, which is never deployed: pass --outputs ${join(
        dirname(env.CDKTF_OUTDIR!),
        "outputs.json",
      )}, which it wrote`;
      expect([verifyCode, verified.reported]).toEqual([1, [`verify: the stack's outputs: ${noStack}; ${fix}`]]);
      expect([handoutCode, handedOut.reported]).toEqual([1, [`handout: the stack's outputs: ${noStack}; ${fix}`]]);
    });
    expect(code).toBe(0);
    expect(existsSync(join(out, "outputs.json"))).toBe(true);
  });
});

describe("preflight against a rehearsal", () => {
  it("fails when CDKTF_OUTDIR is not the rehearsal's, in one line instead of advice to adopt what exists", async () => {
    const { code } = await rehearsed(ROOM, {}, async (env, _, standIn) => {
      // GIVEN the rehearsal's variables but another output directory, where no state is
      const elsewhere = join(directory, "other", "cdktf.out");
      const { code: checked, lines, reported } = await preflightLines({ ...env, CDKTF_OUTDIR: elsewhere }, directory);
      // THEN one line says so, with what to do, and nothing else is concluded
      expect(checked).toBe(1);
      expect(lines).toEqual([
        `Preflight of ${env.WORKSHOP_CONFIG} against ${standIn.address}, token from TFE_TOKEN:`,
        "preflight: this address is a rehearsal seeded as deployed (it took a rehearsal's token, and the " +
          `room's workspaces exist), but the local file ${join(directory, "other", STATE_FILE)} holds no ` +
          "state: CDKTF_OUTDIR is not the rehearsal's. Fix: run source rehearsal/env (the env file in the " +
          "rehearsal's --out directory), which sets it, then preflight again",
      ]);
      expect(reported.at(-1)).toMatch(/^\d+ requests to http:\/\/127\.0\.0\.1:\d+ in \d+\.\d s\.$/);
    });
    expect(code).toBe(0);
  });

  it("reads the state workspace of a config with state, in an organization the facilitator owns", async () => {
    const { code } = await rehearsed(withCloudState, {}, async (env) => {
      const { code: checked, lines } = await preflightLines(env, directory);
      expect(lines).toContain(
        "ok      state: the Terraform Cloud workspace acme-admin/aws-workshop-state on " +
          "app.terraform.io: 3 workspaces and 3 teams managed by this stack",
      );
      expect(lines).toContain("Ready to deploy.");
      expect(checked).toBe(0);
    });
    expect(code).toBe(0);
  });

  it("finds no state yet in the state workspace of a rehearsal before the first deploy", async () => {
    const { code } = await rehearsed(withCloudState, { deployed: false }, async (env) => {
      const { lines } = await preflightLines(env, directory);
      expect(lines).toContain(
        "ok      state: the Terraform Cloud workspace acme-admin/aws-workshop-state " +
          "on app.terraform.io: no state yet, this is the first deploy",
      );
    });
    expect(code).toBe(0);
  });

  it(
    "warns of the tokens a changed config replaces: the pretend state holds each token's expiry and description " +
      "and each rotation's times, as tfe and time write them",
    async () => {
      const { code } = await rehearsed(ROOM, {}, async (env) => {
        // GIVEN the attendees' rotation made weekly, and bob's token reissued, since the (pretend) deploy
        const changed = configFile(directory, "tokens.json", {
          ...ROOM,
          attendees: {
            names: [ROOM.attendees.names[0], { ...ROOM.attendees.names[1], tokenGeneration: 2 }],
            token: { rotationDays: 7 },
          },
          teams: [{ ...ROOM.teams[0], token: { description: "ci", rotationDays: 30 } }],
        });
        const { lines } = await preflightLines({ ...env, WORKSHOP_CONFIG: changed }, directory);
        // THEN preflight names both causes of the attendees' tokens, and the team's new description
        expect(lines.filter((line) => line.includes("the deploy replaces"))).toEqual([
          "warning attendee tokens: the deploy replaces 2 attendees' tokens (rotationDays 30 → 7, tokenGeneration " +
            "1 → 2): every attendee needs their handout again. Fix: after the deploy, hand the room out again: npm " +
            "run handout -- --all --out handouts --with-token; if that is not meant, keep the token settings as " +
            "deployed",
          'warning team "workshop-pipeline": the deploy replaces its token (description "workshop pipeline" → ' +
            '"ci"): whoever holds it needs it again. Fix: after the deploy, hand it out again: npm run handout -- ' +
            "workshop-pipeline --with-token",
        ]);
        // AND the config as rehearsed replaces none
        const unchanged = await preflightLines(env, directory);
        expect(unchanged.lines).toContain("Ready to deploy.");
      });
      expect(code).toBe(0);
    },
  );

  it("warns of a changed email: the pretend state holds each membership's email, as tfe writes it", async () => {
    const { code } = await rehearsed(ROOM, {}, async (env) => {
      // GIVEN bob's email changed in the config since the (pretend) deploy
      const changed = configFile(directory, "changed.json", {
        ...ROOM,
        attendees: { names: [ROOM.attendees.names[0], { name: "bob", email: "robert@example.com" }] },
      });
      const { lines } = await preflightLines({ ...env, WORKSHOP_CONFIG: changed }, directory);
      expect(lines).toContain(
        "warning invitations: the deploy removes 1 attendee from the organization and invites them at a " +
          'new email (bob: "bob@example.com" to "robert@example.com"); their workspace, state and token ' +
          "stay. Fix: tell them to accept the new invitation to reach the organization's pages again",
      );
      expect(lines).not.toContain("Ready to deploy.");
    });
    expect(code).toBe(0);
  });
});

describe("the rehearsal of an ended event (event.ended)", () => {
  it("says what is true once the event has ended: handout --all as suggested writes the teams' only", async () => {
    // GIVEN a config that ends the event
    const ended = { ...ROOM, event: { ended: true } };
    let written: string[] = [];
    let handedOut: { code: number; printed: string[]; reported: string[] } | undefined;
    // WHEN it is rehearsed, and handout --all --with-token runs there with the rehearsal's outputs
    const { code, printed, out } = await rehearsed(ended, {}, async (env) => {
      const handouts = join(directory, "ended-handouts");
      const captured = capture(directory);
      const handoutCode = await handout({
        env,
        now: new Date("2026-11-30T08:00:00Z"),
        all: true,
        out: handouts,
        withToken: true,
        outputsFile: join(dirname(env.CDKTF_OUTDIR!), "outputs.json"),
        cwd: directory,
        ...captured.options,
      });
      handedOut = { code: handoutCode, printed: captured.printed, reported: captured.reported };
      written = readdirSync(handouts);
    });
    // THEN the banner says what the ended room's commands do, and suggests leftovers, the end's own command
    const outputs = join(out, "outputs.json");
    expect(printed.slice(printed.indexOf("It holds:") + 6, -1)).toEqual([
      "The event has ended (event.ended): its deploy deleted the attendees' tokens, so verify checks the teams' " +
        "tokens only and handout writes the teams' handouts only; leftovers names the workspaces still managing " +
        "resources.",
      "Then try the end of the workshop there:",
      "  npm run preflight",
      `  npm run verify -- --outputs ${outputs}`,
      "  npm run status",
      "  npm run leftovers",
      `  npm run handout -- --all --out handouts --with-token --outputs ${outputs}`,
      "  npm run board",
    ]);
    expect(code).toBe(0);
    // AND the handout it suggests writes the pipeline team's only, and says why the attendees get none
    expect(written).toEqual(["team-workshop-pipeline.md"]);
    expect(handedOut?.code).toBe(0);
    expect(handedOut?.reported[0]).toMatch(/^handout: no handout for the attendees: the event has ended/);
    expect(handedOut?.printed).toEqual([
      `Wrote 1 handout to ${join(directory, "ended-handouts")}, tokens included: hand each to its holder only, ` +
        "then delete the directory.",
    ]);
  });

  it("suggests no handout once the event has ended in a room where no team has a token", async () => {
    // GIVEN an ended event whose teams have no token
    const ended = { ...ROOM, teams: [{ name: "workshop-pipeline" }], event: { ended: true } };
    // WHEN it is rehearsed THEN the banner says nothing of handouts, which would write none
    const { code, printed } = await rehearsed(ended, {});
    expect(printed.filter((line) => line.includes("handout"))).toEqual([]);
    expect(printed).toContain("  npm run leftovers");
    expect(code).toBe(0);
  });
});
