import { spawnSync } from "node:child_process";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handout } from "../commands/handout";
import { verify } from "../commands/verify";
import { loadConfig } from "../config/load-config";
import { utf8Text } from "../files/read";
import { apiAccess } from "../terraform-cloud/access";
import { fakeToken } from "./fake-terraform-cloud";
import { NOW } from "./support";
import { capture, configFile, scratchDirectory } from "./workshop-day-support";

const directory = scratchDirectory();
const organization = { name: "acme-aws-workshop", email: "f@example.com" };
const TOKEN = fakeToken("F1lesAttendee0");
const roomFile = configFile(directory, "room.json", { organization, attendees: ["ann"] });

/** A named pipe with no writer: reading it the ordinary way blocks for ever. Node.js has no mkfifo of its own. */
function fifo(name: string): string {
  const path = join(directory, name);
  const made = spawnSync("mkfifo", [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${String(made.stderr)}`);
  return path;
}

const problemsOf = (path: string) => {
  const result = loadConfig(path, NOW);
  return result.ok ? [] : result.problems;
};
const cannotRead = (path: string, reason: string) => [`${path}: cannot read the config file (${reason}); set WORKSHOP_CONFIG to a readable JSON file`];

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
    expect(problemsOf(path)).toEqual([`${path}: is UTF-16 text, not UTF-8 (it starts with a UTF-16 byte order mark); save it as UTF-8`]);
  });

  it("fails on a UTF-16 file without a byte order mark", () => {
    const path = join(directory, "utf16-bare.json");
    writeFileSync(path, Buffer.from(JSON.stringify({ organization }), "utf16le"));
    expect(problemsOf(path)).toEqual([`${path}: is UTF-16 text, not UTF-8 (a NUL byte beside each of its first characters); save it as UTF-8`]);
  });

  it("fails on a Latin-1 file, naming the first byte that is not UTF-8 and where it is", () => {
    const path = join(directory, "latin1.json");
    writeFileSync(path, Buffer.from('{\n  "organization": {"name": "caf\u00e9", "email": "f@example.com"}\n}\n', "latin1"));
    expect(problemsOf(path)).toEqual([`${path}: is not UTF-8 text: the byte 0xE9 at line 2, column 32 is not UTF-8; save it as UTF-8`]);
  });

  it("tells UTF-32 and a character cut off at the end apart", () => {
    expect(utf8Text(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toEqual({ ok: false, problem: "is UTF-32 text, not UTF-8 (it starts with a UTF-32 byte order mark); save it as UTF-8" });
    expect(utf8Text(Buffer.from([0x7b, 0x0a, 0x22, 0xe2, 0x82]))).toEqual({ ok: false, problem: "is not UTF-8 text: it ends inside a character at line 2, column 2; save it as UTF-8" });
    expect(utf8Text(Buffer.from("{\"a\": \"\u00e9\u{1f680}\"}"))).toEqual({ ok: true, text: "{\"a\": \"\u00e9\u{1f680}\"}" });
  });
});

describe("reading the stack's outputs", () => {
  const base = { env: { WORKSHOP_CONFIG: roomFile, CDKTF_OUTDIR: join(directory, "cdktf.out"), TFE_ADDRESS: "http://127.0.0.1:9", TFE_TOKEN: TOKEN }, now: new Date() };

  it("fails on a FIFO at once, in verify", async () => {
    const outputsFile = fifo("outputs.fifo");
    const captured = capture(directory);
    expect(await verify({ ...base, ...captured.options, outputsFile })).toBe(1);
    expect(captured.reported.at(-1)).toBe(`verify: the stack's outputs: ${outputsFile}: cannot be read (a named pipe (FIFO), not a regular file)`);
  });

  it("fails on /dev/zero, in handout", () => {
    const captured = capture(directory);
    expect(handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile: "/dev/zero" })).toBe(1);
    expect(captured.reported.at(-1)).toBe("handout: the stack's outputs: /dev/zero: cannot be read (a character device, not a regular file)");
  });

  it.each([
    ["an escape sequence", `${TOKEN}\u001b]0;pwned\u0007`, "is not the JSON object that terraform output -json prints"],
    ["a zero-width space", `${TOKEN}\u200b`, 'output attendee_tokens holds, for "ann", something that is not a token: a space, a control or a non-ASCII character'],
  ])("fails when a token in them holds %s, printing no handout with it and never quoting it", (_what, token, problem) => {
    const outputsFile = join(directory, "hostile-outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ attendee_tokens: { value: { ann: token } } }));
    const captured = capture(directory);
    expect(handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile })).toBe(1);
    expect(captured.reported.at(-1)).toBe(`handout: the stack's outputs: ${outputsFile}: ${problem}`);
    expect([...captured.printed, ...captured.reported].join("\n")).not.toContain(TOKEN);
    expect(captured.printed).toEqual([]);
  });

  it("fails when a team's token in them is not a token", () => {
    const outputsFile = join(directory, "hostile-team-outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ "team_token_ci": { value: `${TOKEN} x` } }));
    const captured = capture(directory);
    expect(handout({ ...base, ...captured.options, name: "ann", withToken: true, outputsFile })).toBe(1);
    expect(captured.reported.at(-1)).toBe(`handout: the stack's outputs: ${outputsFile}: output team_token_ci is not a token: it holds a space, a control or a non-ASCII character`);
  });
});

describe("reading the terraform login credentials", () => {
  it("takes a FIFO where the credentials file should be for no credentials, at once", () => {
    const home = join(directory, "home");
    mkdirSync(join(home, ".terraform.d"), { recursive: true });
    spawnSync("mkfifo", [join(home, ".terraform.d", "credentials.tfrc.json")]);
    expect(apiAccess({}, home)).toEqual({ address: "https://app.terraform.io", tokenSource: "none" });
  });
});
