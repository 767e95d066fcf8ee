import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  constants,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { diagram } from "../commands/diagram";
import { handout } from "../commands/handout";
import { configSchemaText, writeConfigSchema } from "../commands/schema";
import { synth } from "../commands/synth";
import { verify } from "../commands/verify";
import { loadConfig } from "../config/load-config";
import { utf8Text } from "../files/read";
import { ApiSession } from "../commands/api-session";
import { status } from "../commands/status";
import { accessProblem, apiAccess } from "../terraform-cloud/access";
import { bundled, ROOT, run, type Run } from "./cli";
import { fakeToken } from "./workshop-day-support";
import { NOW } from "./support";
import { capture, configFile, ignoringRepository, scratchDirectory } from "./workshop-day-support";

const directory = ignoringRepository(scratchDirectory());
const organization = { name: "acme-aws-workshop", email: "f@example.com" };
const TOKEN = fakeToken("F1lesAttendee0");
const roomFile = configFile(directory, "room.json", { organization, attendees: ["ann"] });
/** A room of two, and the stack's outputs with a token for each, for the handouts. */
const twoFile = configFile(directory, "two.json", { organization, attendees: ["ann", "bob"] });
const outputsFile = join(directory, "outputs.json");
writeFileSync(outputsFile, JSON.stringify({ attendee_tokens: { value: { ann: TOKEN, bob: TOKEN } } }));

/** A named pipe with no writer: reading it the ordinary way blocks for ever. Node.js has no mkfifo of its own. */
function fifo(name: string): string {
  const path = join(directory, name);
  const made = spawnSync("mkfifo", [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${String(made.stderr)}`);
  return path;
}

const problemsOf = (path: string) => {
  const result = loadConfig(path, NOW);
  return result.ok ? [] : result.problem;
};
const cannotRead = (path: string, reason: string) => [
  `${path}: cannot read the config file (${reason}); set WORKSHOP_CONFIG to a readable JSON file`,
];

describe("reading the config file", () => {
  it("fails on a FIFO at once, without waiting for a writer", () => {
    const path = fifo("config.fifo");
    expect(problemsOf(path)).toEqual(cannotRead(path, "a named pipe (FIFO), not a regular file"));
  });

  it("fails on a device such as /dev/zero, which never ends", () => {
    expect(problemsOf("/dev/zero")).toEqual(cannotRead("/dev/zero", "a character device, not a regular file"));
  });

  it("fails on a file larger than 10 MiB before reading it", () => {
    const path = join(directory, "huge.json");
    writeFileSync(path, "");
    truncateSync(path, 10 * 1024 * 1024 + 1);
    expect(problemsOf(path)).toEqual(cannotRead(path, "larger than 10 MiB"));
  });

  it("fails on a UTF-16 file, saying so instead of an unexpected character", () => {
    const path = join(directory, "utf16.json");
    writeFileSync(path, Buffer.from(`\uFEFF${JSON.stringify({ organization })}`, "utf16le"));
    expect(problemsOf(path)).toEqual([
      `${path}: is UTF-16 text, not UTF-8 (it starts with a UTF-16 byte order mark); save it as UTF-8`,
    ]);
  });

  it("fails on a UTF-16 file without a byte order mark", () => {
    const path = join(directory, "utf16-bare.json");
    writeFileSync(path, Buffer.from(JSON.stringify({ organization }), "utf16le"));
    expect(problemsOf(path)).toEqual([
      `${path}: is UTF-16 text, not UTF-8 (a NUL byte beside each of its first characters); save it as UTF-8`,
    ]);
  });

  it("fails on a Latin-1 file, naming the first byte that is not UTF-8 and where it is", () => {
    const path = join(directory, "latin1.json");
    writeFileSync(
      path,
      Buffer.from('{\n  "organization": {"name": "caf\u00e9", "email": "f@example.com"}\n}\n', "latin1"),
    );
    expect(problemsOf(path)).toEqual([
      `${path}: is not UTF-8 text: the byte 0xE9 at line 2, column 32 is not UTF-8; save it as UTF-8`,
    ]);
  });

  it("tells UTF-32 and a character cut off at the end apart", () => {
    expect(utf8Text(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toEqual({
      ok: false,
      problem: "is UTF-32 text, not UTF-8 (it starts with a UTF-32 byte order mark); save it as UTF-8",
    });
    expect(utf8Text(Buffer.from([0x7b, 0x0a, 0x22, 0xe2, 0x82]))).toEqual({
      ok: false,
      problem: "is not UTF-8 text: it ends inside a character at line 2, column 2; save it as UTF-8",
    });
    expect(utf8Text(Buffer.from('{"a": "\u00e9\u{1f680}"}'))).toEqual({ ok: true, value: '{"a": "\u00e9\u{1f680}"}' });
  });
});

describe("reading the stack's outputs", () => {
  const base = {
    env: {
      WORKSHOP_CONFIG: roomFile,
      CDKTF_OUTDIR: join(directory, "cdktf.out"),
      TFE_ADDRESS: "http://127.0.0.1:9",
      TFE_TOKEN: TOKEN,
    },
    now: new Date(),
  };

  it("fails on a FIFO at once, in verify", async () => {
    const outputsFile = fifo("outputs.fifo");
    const captured = capture(directory);
    expect(await verify({ ...base, ...captured.options, outputsFile })).toBe(1);
    expect(captured.reported.at(-1)).toBe(
      `verify: the stack's outputs: ${outputsFile}: cannot be read (a named pipe (FIFO), not a regular file)`,
    );
  });

  it("fails on /dev/zero, in handout", async () => {
    const captured = capture(directory);
    expect(
      await handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile: "/dev/zero" }),
    ).toBe(1);
    expect(captured.reported.at(-1)).toBe(
      "handout: the stack's outputs: /dev/zero: cannot be read (a character device, not a regular file)",
    );
  });

  it.each([
    ["an escape sequence", `${TOKEN}\u001b]0;pwned\u0007`, "is not the JSON object that terraform output -json prints"],
    [
      "a zero-width space",
      `${TOKEN}\u200b`,
      'output attendee_tokens holds, for "ann", something that is not a ' +
        "token: a space, a control or a non-ASCII character",
    ],
  ])(
    "fails when a token in them holds %s, printing no handout with it and never quoting it",
    async (_what, token, problem) => {
      const outputsFile = join(directory, "hostile-outputs.json");
      writeFileSync(outputsFile, JSON.stringify({ attendee_tokens: { value: { ann: token } } }));
      const captured = capture(directory);
      expect(await handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile })).toBe(1);
      expect(captured.reported.at(-1)).toBe(`handout: the stack's outputs: ${outputsFile}: ${problem}`);
      expect([...captured.printed, ...captured.reported].join("\n")).not.toContain(TOKEN);
      expect(captured.printed).toEqual([]);
    },
  );

  it("fails when a team's token in them is not a token", async () => {
    const outputsFile = join(directory, "hostile-team-outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ team_token_ci: { value: `${TOKEN} x` } }));
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile })).toBe(1);
    expect(captured.reported.at(-1)).toBe(
      `handout: the stack's outputs: ${outputsFile}: output team_token_ci is not a ` +
        "token: it holds a space, a control or a non-ASCII character",
    );
  });
});

describe("reading the terraform login credentials", () => {
  let homes = 0;
  /** A home directory whose credentials file holds `text`, or is made by `make`; the file's path. */
  const homeWith = (content: string | ((file: string) => void)) => {
    const home = join(directory, `home-${++homes}`);
    const file = join(home, ".terraform.d", "credentials.tfrc.json");
    mkdirSync(dirname(file), { recursive: true });
    if (typeof content === "string") writeFileSync(file, content);
    else content(file);
    return { home, file };
  };
  const FIX = "fix or remove it, then run terraform login app.terraform.io";

  it("fails on a FIFO where the credentials file should be, at once, naming it", () => {
    const { home, file } = homeWith((path) => spawnSync("mkfifo", [path]));
    expect(accessProblem({}, home)).toBe(`${file}: cannot be read (a named pipe (FIFO), not a regular file); ${FIX}`);
  });

  it.each([
    [
      "cut short",
      `{"credentials": {"app.terraform.io": {"token": "${TOKEN.slice(0, 40)}`,
      "is not valid JSON: it ends before the JSON does (cut short?)",
    ],
    ["not JSON", `token = "${TOKEN}"\n`, "is not valid JSON at line 1, column 1"],
    ["a closing brace too early", '{"credentials": }', "is not valid JSON at line 1, column 17"],
    [
      "a list",
      `[{"token": "${TOKEN}"}]`,
      'must be a JSON object, as terraform login writes it: {"credentials": {"<host>": {"token": "..."}}}',
    ],
    [
      "credentials as a list",
      `{"credentials": ["${TOKEN}"]}`,
      '"credentials" must be an object of host names, each with its "token"',
    ],
    [
      "the host's token bare",
      `{"credentials": {"app.terraform.io": "${TOKEN}"}}`,
      'credentials["app.terraform.io"] must be an object with a "token"',
    ],
    [
      "the host's token a number",
      '{"credentials": {"app.terraform.io": {"token": 42}}}',
      'credentials["app.terraform.io"].token must be a string that is not empty',
    ],
  ])(
    "fails when the credentials file is %s, naming the file and its problem without quoting it",
    (_what, text, problem) => {
      const { home, file } = homeWith(text);
      const refused = accessProblem({}, home);
      expect(refused).toBe(`${file}: ${problem}; ${FIX}`);
      expect(refused).not.toContain(TOKEN.slice(0, 14));
    },
  );

  it("fails on a credentials file in UTF-16, saying so", () => {
    const { home, file } = homeWith((path) => writeFileSync(path, Buffer.from(`\uFEFF{"credentials": {}}`, "utf16le")));
    expect(accessProblem({}, home)).toBe(
      `${file}: is UTF-16 text, not UTF-8 (it starts with a UTF-16 byte order mark); save it as UTF-8`,
    );
  });

  it("finds no token, and no problem, in a file without the host or without credentials", () => {
    const none = { address: "https://app.terraform.io", hostname: "app.terraform.io", tokenSource: "none" };
    expect(apiAccess({}, homeWith(`{"credentials": {"tfe.example.com": {"token": "${TOKEN}"}}}`).home)).toEqual(none);
    expect(apiAccess({}, homeWith("{}").home)).toEqual(none);
    expect(apiAccess({}, join(directory, "no-such-home"))).toEqual(none);
  });

  it("reads the host's token from a well-formed file", () => {
    expect(apiAccess({}, homeWith(`{"credentials": {"app.terraform.io": {"token": "${TOKEN}"}}}`).home)).toEqual({
      address: "https://app.terraform.io",
      hostname: "app.terraform.io",
      token: TOKEN,
      tokenSource: "terraform login",
    });
  });

  it("is not read when TFE_TOKEN gives the token", () => {
    expect(accessProblem({ TFE_TOKEN: TOKEN }, homeWith("{").home)).toBeUndefined();
  });

  it("stops a command in one line, asking Terraform Cloud nothing", async () => {
    const { home, file } = homeWith('{"credentials": {');
    const captured = capture(directory);
    expect(
      await status({
        env: { WORKSHOP_CONFIG: roomFile, TFE_ADDRESS: "http://127.0.0.1:9" },
        now: new Date(),
        ...captured.options,
        home,
      }),
    ).toBe(1);
    expect(captured.reported).toEqual([
      `status: ${file}: is not valid JSON: it ends before the JSON does (cut short?); ${FIX}`,
    ]);
  });

  it("names the file when the state's host would take its token from it", () => {
    const { home, file } = homeWith('{"credentials": {"tfe.example.com": {"token": ""}}}');
    const session = new ApiSession({ TFE_TOKEN: TOKEN }, { home }, "preflight");
    expect(session.clientForHost({ TFE_TOKEN: TOKEN }, "tfe.example.com")).toEqual({
      ok: false,
      problem:
        `has no token for tfe.example.com: ${file}: credentials["tfe.example.com"].token must be a ` +
        "string that is not empty; fix or remove it, then run terraform login tfe.example.com",
    });
    session.finish();
  });
});

/** Every file under a directory with its bytes, to prove nothing was written. */
function contents(directory: string): Record<string, string> {
  if (!existsSync(directory)) return {};
  return Object.fromEntries(
    readdirSync(directory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [
        relative(directory, join(entry.parentPath, entry.name)),
        readFileSync(join(entry.parentPath, entry.name), "utf8"),
      ]),
  );
}

describe("writing handouts", () => {
  /** A tracked file and a tracked directory, as a link planted by someone else would reach them. */
  const tracked = join(directory, "tracked");
  mkdirSync(tracked, { recursive: true });
  writeFileSync(join(tracked, "README.md"), "tracked\n");
  /** Writes every handout to `out`, tokens and all unless told, as `npm run handout -- --all --with-token` does. */
  const handoutsTo = async (out: string, withToken = true) => {
    const captured = capture(directory);
    const code = await handout({
      env: { WORKSHOP_CONFIG: twoFile, CDKTF_OUTDIR: join(directory, "cdktf.out") },
      now: new Date(),
      ...captured.options,
      all: true,
      out,
      withToken,
      outputsFile,
      cwd: directory,
    });
    return { code, reported: captured.reported, printed: captured.printed };
  };
  let count = 0;
  /** Writes every handout to a fresh --out, once `setUp` has made what it finds there. */
  const writeAll = async (setUp: (out: string) => void) => {
    const out = join(directory, `handouts-${++count}`);
    setUp(out);
    return { out, ...(await handoutsTo(out)) };
  };
  const ELSEWHERE = "remove it, or choose another path";

  it(
    "fails when a link is planted in the output directory, " + "writing no handout and leaving the file it points to",
    async () => {
      const { out, code, reported } = await writeAll((out) => {
        mkdirSync(out);
        symlinkSync(join(tracked, "README.md"), join(out, "attendee-bob.md"));
      });
      expect(reported.at(-1)).toBe(
        `handout: ${join(out, "attendee-bob.md")}: is a symbolic link, ` +
          `and nothing is written through a link; ${ELSEWHERE}`,
      );
      expect(code).toBe(1);
      expect(readFileSync(join(tracked, "README.md"), "utf8")).toBe("tracked\n");
      expect(readdirSync(out)).toEqual(["attendee-bob.md"]);
    },
  );

  it("fails when --out is a link to another directory, writing nothing into it", async () => {
    const { out, code, reported } = await writeAll((out) => symlinkSync(tracked, out));
    expect(reported).toEqual([
      `handout: ${out}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
    ]);
    expect(code).toBe(1);
    expect(readdirSync(tracked)).toEqual(["README.md"]);
  });

  // Handouts without tokens go through the same refusal: one row without --with-token keeps that path tested.
  it.each([
    { suffix: "/", withToken: true },
    { suffix: "/.", withToken: true },
    { suffix: "/", withToken: false },
  ])(
    "fails when --out is a link written with a trailing $suffix, " +
      "which the system would follow (with token: $withToken)",
    async ({ suffix, withToken }) => {
      const { out, code, reported } = await writeAll((out) => symlinkSync(tracked, out));
      const given = await handoutsTo(`${out}${suffix}`, withToken);
      expect(given.code).toBe(1);
      expect(given.reported).toEqual([
        `handout: ${out}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
      ]);
      expect(reported).toHaveLength(1);
      expect(code).toBe(1);
      expect(readdirSync(tracked)).toEqual(["README.md"]);
    },
  );

  it("fails when --out is /, outside the repository, writing nothing there", async () => {
    const { code, reported } = await handoutsTo("/");
    expect(code).toBe(1);
    expect(reported).toEqual([
      `handout: /: is outside the repository ${directory}; give a ` +
        "directory inside it that git ignores, such as handouts",
    ]);
    expect(existsSync("/attendee-ann.md")).toBe(false);
  });

  it("fails when a directory above --out is a link, writing nothing through it", async () => {
    // GIVEN a link in the repository to a tracked directory, and --out below it
    const linked = join(directory, "linked-parent");
    symlinkSync(tracked, linked);
    // WHEN the handouts are written THEN the link is named and nothing reaches the directory it points to
    const { code, reported } = await handoutsTo(join(linked, "handouts"));
    expect(code).toBe(1);
    expect(reported).toEqual([
      `handout: ${linked}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
    ]);
    expect(readdirSync(tracked)).toEqual(["README.md"]);
  });

  it("fails when --out is a file, leaving it as it was", async () => {
    const { out, code, reported } = await writeAll((out) => writeFileSync(out, "mine\n"));
    expect(reported).toEqual([`handout: ${out}: is a file, where a directory is needed; ${ELSEWHERE}`]);
    expect(code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("mine\n");
  });

  it.each([true, false])("fails when --out is below a file (with token: %s)", async (withToken) => {
    const file = join(directory, `plain-file-${withToken}`);
    writeFileSync(file, "mine\n");
    const { code, reported } = await handoutsTo(join(file, "handouts"), withToken);
    expect(reported).toEqual([`handout: ${file}: is a file, where a directory is needed; ${ELSEWHERE}`]);
    expect(code).toBe(1);
  });

  it("fails when a directory stands where a handout goes, writing no handout", async () => {
    const { out, code, reported } = await writeAll((out) =>
      mkdirSync(join(out, "attendee-bob.md"), { recursive: true }),
    );
    expect(reported.at(-1)).toBe(
      `handout: ${join(out, "attendee-bob.md")}: is a directory, where a file is to be written; ${ELSEWHERE}`,
    );
    expect(code).toBe(1);
    expect(readdirSync(out)).toEqual(["attendee-bob.md"]);
  });

  it("names a directory with an escape sequence in its name escaped, not raw", async () => {
    const { code, printed } = await handoutsTo(join(directory, "hand\u001b[2Jouts"), false);
    expect(code).toBe(0);
    expect(printed).toEqual([`Wrote 2 handouts to ${join(directory, "hand\\u001b[2Jouts")}.`]);
  });

  it(
    "replaces an old handout that is a hard link to another " + "file, leaving that file, owner-readable only",
    async () => {
      const { out, code } = await writeAll((out) => {
        mkdirSync(out);
        linkSync(join(tracked, "README.md"), join(out, "attendee-ann.md"));
      });
      expect(code).toBe(0);
      expect(readFileSync(join(tracked, "README.md"), "utf8")).toBe("tracked\n");
      expect(readFileSync(join(out, "attendee-ann.md"), "utf8")).toContain(TOKEN);
      expect(lstatSync(join(out, "attendee-ann.md")).mode & 0o777).toBe(0o600);
      expect(readdirSync(out).sort()).toEqual(["attendee-ann.md", "attendee-bob.md"]);
    },
  );
});

describe("writing the synth's output, the diagram and the schema", () => {
  const NOTHING_DONE = "Nothing was written and nothing was asked of Terraform Cloud";
  const ELSEWHERE = "remove it, or choose another path";
  const target = join(directory, "target");
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "kept.json"), "kept\n");
  let count = 0;
  const fresh = () => join(directory, `out-${++count}`);
  const inProcess = (command: typeof synth | typeof diagram, env: NodeJS.ProcessEnv, file?: string) => {
    const captured = capture(directory);
    const code = command({ env: { WORKSHOP_CONFIG: roomFile, ...env }, now: new Date(), ...captured.options, file });
    return { code, reported: captured.reported.filter((line) => !line.startsWith("warning ")) };
  };

  it("fails when CDKTF_OUTDIR is a file, with one line, leaving the file", () => {
    const outdir = fresh();
    writeFileSync(outdir, "mine\n");
    const { code, reported } = inProcess(synth, { CDKTF_OUTDIR: outdir });
    expect(reported).toEqual([
      `${outdir}: is a file, where a directory is needed; ${ELSEWHERE}`,
      `${NOTHING_DONE}: fix the output directory above (CDKTF_OUTDIR) and run again.`,
    ]);
    expect(code).toBe(1);
    expect(readFileSync(outdir, "utf8")).toBe("mine\n");
  });

  it.each([
    ["to another directory", ""],
    ["given with a trailing slash", "/"],
  ])("fails when CDKTF_OUTDIR is a link %s, writing nothing there", (_how, suffix) => {
    const outdir = fresh();
    symlinkSync(target, outdir);
    const { code, reported } = inProcess(synth, { CDKTF_OUTDIR: `${outdir}${suffix}` });
    expect(reported[0]).toBe(`${outdir}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`);
    expect(code).toBe(1);
    expect(readdirSync(target)).toEqual(["kept.json"]);
  });

  it("fails when the manifest the synth writes is a link, writing no stack", () => {
    const outdir = fresh();
    mkdirSync(outdir);
    symlinkSync(join(target, "kept.json"), join(outdir, "manifest.json"));
    const { code, reported } = inProcess(synth, { CDKTF_OUTDIR: outdir });
    expect(reported).toEqual([
      `${join(outdir, "manifest.json")}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
      `${NOTHING_DONE}: fix the place above and run again.`,
    ]);
    expect(code).toBe(1);
    expect(readFileSync(join(target, "kept.json"), "utf8")).toBe("kept\n");
    // No file in the output directory: the link is still the only thing there.
    expect(readdirSync(outdir)).toEqual(["manifest.json"]);
    expect(lstatSync(join(outdir, "manifest.json")).isSymbolicLink()).toBe(true);
  });

  it("fails when a place the synth writes is a link, leaving no stacks/ behind in the output directory it made", () => {
    // GIVEN an output directory that does not exist yet, and a diagram file that is a link
    const outdir = join(fresh(), "nested");
    const file = join(directory, "diagram-link-2.md");
    symlinkSync(join(target, "kept.json"), file);
    // WHEN the diagram is refused THEN neither the output directory nor its parent is left behind
    const { code, reported } = inProcess(diagram, { CDKTF_OUTDIR: outdir }, file);
    expect(reported).toEqual([
      `${file}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
      `${NOTHING_DONE}: fix the place above and run again.`,
    ]);
    expect(code).toBe(1);
    expect(existsSync(dirname(outdir))).toBe(false);
  });

  it(
    "fails on a policy error leaving the output directory exactly as " +
      "it was: an empty one empty, a missing one missing",
    () => {
      // GIVEN a config the policy refuses (a token that lives 400 days, longer than the policy's 365), an empty output
      // directory, and one not made yet
      const refusedFile = configFile(directory, "long-lived.json", {
        organization,
        teams: [{ name: "ci", token: { description: "ci", rotationDays: 400 } }],
      });
      const empty = fresh();
      mkdirSync(empty);
      const missing = join(fresh(), "deeper");
      // WHEN synthesized into each
      for (const outdir of [empty, missing]) {
        const captured = capture(directory);
        expect(
          synth({ env: { WORKSHOP_CONFIG: refusedFile, CDKTF_OUTDIR: outdir }, now: new Date(), ...captured.options }),
        ).toBe(1);
        expect(captured.reported.at(-1)).toBe(
          `${NOTHING_DONE}: fix the policy errors above, or acknowledge them in the config with a reason.`,
        );
      }
      // THEN the empty one is still empty, and nothing of the missing one was made
      expect(readdirSync(empty)).toEqual([]);
      expect(existsSync(dirname(missing))).toBe(false);
    },
  );

  it("makes an output directory whose parents are missing", () => {
    const outdir = join(fresh(), "nested", "deeper");
    expect(inProcess(synth, { CDKTF_OUTDIR: outdir }).code).toBe(0);
    expect(existsSync(join(outdir, "stacks", "aws-workshop", "cdk.tf.json"))).toBe(true);
  });

  it("fails when the diagram's file is a directory, before the synth writes anything", () => {
    const outdir = fresh();
    const file = join(directory, "a-directory");
    mkdirSync(file, { recursive: true });
    const { code, reported } = inProcess(diagram, { CDKTF_OUTDIR: outdir }, file);
    expect(reported).toEqual([
      `${file}: is a directory, where a file is to be written; ${ELSEWHERE}`,
      `${NOTHING_DONE}: fix the place above and run again.`,
    ]);
    expect(code).toBe(1);
    expect(contents(outdir)).toEqual({});
  });

  it("fails when the diagram's file is below a file", () => {
    const parent = join(directory, "not-a-directory.md");
    writeFileSync(parent, "mine\n");
    const { code, reported } = inProcess(diagram, { CDKTF_OUTDIR: fresh() }, join(parent, "diagram.md"));
    expect(reported[0]).toBe(`${parent}: is a file, where a directory is needed; ${ELSEWHERE}`);
    expect(code).toBe(1);
  });

  it("fails when the diagram's file is a link, leaving the file it points to", () => {
    const file = join(directory, "diagram-link.md");
    symlinkSync(join(target, "kept.json"), file);
    const { code, reported } = inProcess(diagram, { CDKTF_OUTDIR: fresh() }, file);
    expect(reported[0]).toBe(`${file}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`);
    expect(code).toBe(1);
    expect(readFileSync(join(target, "kept.json"), "utf8")).toBe("kept\n");
  });

  it("fails when the schema file is a link, leaving the file it points to", () => {
    const file = join(directory, "schema-link.json");
    symlinkSync(join(target, "kept.json"), file);
    const captured = capture(directory);
    expect(writeConfigSchema({ ...captured.options, file })).toBe(1);
    expect(captured.reported).toEqual([
      `schema: ${file}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`,
    ]);
    expect(readFileSync(join(target, "kept.json"), "utf8")).toBe("kept\n");
  });

  it("writes the schema file in place of an old one", () => {
    const file = join(directory, "schema.json");
    writeFileSync(file, "old\n");
    const captured = capture(directory);
    expect(writeConfigSchema({ ...captured.options, file })).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(configSchemaText());
  });
});

describe("failures no check could foresee, as a user meets them", () => {
  let runs: { unwritable: Promise<Run>; unwritableSynth: Promise<Run> };
  /**
   * A regular file in a directory where no file can be made, not even by root: the write fails after every check
   * passed.
   */
  const UNWRITABLE = "/proc/version";
  beforeAll(() => {
    runs = {
      unwritable: existsSync(UNWRITABLE)
        ? run("node", [join("bin", "cli.js"), "diagram", UNWRITABLE], {
            WORKSHOP_CONFIG: roomFile,
            CDKTF_OUTDIR: join(directory, "cli-out-2"),
          })
        : Promise.resolve({ status: null, stdout: "", stderr: "" }),
      unwritableSynth: existsSync(UNWRITABLE)
        ? run("node", [join("bin", "synth.js")], { WORKSHOP_CONFIG: roomFile, CDKTF_OUTDIR: "/proc" })
        : Promise.resolve({ status: null, stdout: "", stderr: "" }),
    };
  });

  it.skipIf(!existsSync(UNWRITABLE))(
    "fails with one line and no stack trace when a write fails that no check could foresee",
    async () => {
      const { status, stderr } = await runs.unwritable;
      expect(stderr).toMatch(
        /^diagram failed: ENOENT: no such file or directory, open '\/proc\/\.version\.\d+\.[0-9a-f]+\.tmp'$/m,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(status).toBe(1);
    },
  );

  it.skipIf(!existsSync(UNWRITABLE))(
    "fails the synth in one line, in an output directory where nothing can be made",
    async () => {
      const { status, stderr } = await runs.unwritableSynth;
      expect(stderr).toMatch(/^\/proc\/stacks: cannot be made \(no such file\)$/m);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(status).toBe(1);
    },
  );
});

describe("a signal while handouts are written", () => {
  const PAUSE = join(__dirname, "fixtures", "pause-before-rename.cjs");

  it.each(["SIGINT", "SIGTERM"] as const)(
    "leaves no temporary file, token and all, when %s comes inside a write",
    async (signal) => {
      // GIVEN handout --all run as a user would, in a repository that ignores its --out, held inside its first write
      await bundled();
      const out = join(directory, `signalled-${signal}`);
      const fifo = join(directory, `pause-${signal}`);
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const child = spawn(
        "node",
        [
          "--require",
          PAUSE,
          join(ROOT, "bin", "cli.js"),
          "handout",
          "--all",
          "--out",
          out,
          "--with-token",
          "--outputs",
          outputsFile,
        ],
        {
          cwd: directory,
          env: {
            ...process.env,
            CHECKPOINT_DISABLE: "1",
            PAUSE_FIFO: fifo,
            WORKSHOP_CONFIG: twoFile,
            CDKTF_OUTDIR: join(directory, "cdktf.out"),
            TFE_TOKEN: "",
          },
          stdio: "ignore",
        },
      );
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, by) => resolve(by)));
      // The FIFO opens for writing once the child opens it for reading: then it is inside the write.
      const reached = await Promise.race([open(fifo, "w"), ended.then(() => undefined)]);
      if (reached === undefined) {
        closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
        throw new Error("the command ended before it wrote a handout");
      }
      expect(readdirSync(out).filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
      // WHEN the signal comes there, and the write goes on
      child.kill(signal);
      await reached.close();
      // THEN the command ends by that signal, each handout whole, and no temporary file beside them
      expect(await ended).toBe(signal);
      expect(readdirSync(out).sort()).toEqual(["attendee-ann.md", "attendee-bob.md"]);
      for (const name of readdirSync(out)) expect(readFileSync(join(out, name), "utf8")).toContain(TOKEN);
    },
  );
});

describe("a link above what is written", () => {
  it("is the user's own layout: the diagram is written below a directory reached through a link", () => {
    // GIVEN a directory reached through a link, as /tmp is on macOS
    const real = join(directory, "real-docs");
    mkdirSync(real, { recursive: true });
    symlinkSync(real, join(directory, "docs"));
    // WHEN the diagram is written below it THEN it is written into the directory the link reaches
    const captured = capture(directory);
    expect(
      diagram({
        env: { WORKSHOP_CONFIG: roomFile, CDKTF_OUTDIR: join(directory, "linked-out") },
        now: new Date(),
        ...captured.options,
        file: join(directory, "docs", "diagram.md"),
      }),
    ).toBe(0);
    expect(readFileSync(join(real, "diagram.md"), "utf8")).toMatch(/^```mermaid\n/);
  });
});
