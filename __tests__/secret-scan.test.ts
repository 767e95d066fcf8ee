import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, run, type Run } from "./cli";
import { exampleConfigJson, synthesize } from "./support";

/**
 * A value of the Terraform Cloud token shape (14 characters, "atlasv1", 60 or more), assembled at run
 * time so that no token-shaped string is ever committed.
 */
function plantableToken(): string {
  return ["QnbSxjjhVMHJgw", ["atlas", "v1"].join(""), "x".repeat(70)].join(".");
}

// One secretlint run (it costs most of a second of CPU) scans the repository, as `npm run scan` does, together
// with a directory of planted tokens inside it, where handouts go: the planted files must be flagged, and nothing
// else.
describe("the secret scan", () => {
  const handouts = join(ROOT, "handouts");
  const hadHandouts = existsSync(handouts);
  mkdirSync(handouts, { recursive: true });
  const planted = mkdtempSync(join(handouts, "secret-scan-test-"));
  // A checkout that deployed holds the local state, tokens and all, at its root: a name of its own, never a real one.
  const deployedState = join(ROOT, `terraform.secret-scan-test-${process.pid}.tfstate`);
  afterAll(() => {
    rmSync(planted, { recursive: true, force: true });
    rmSync(deployedState, { force: true });
    if (!hadHandouts) rmSync(handouts, { recursive: true, force: true });
  });
  const token = plantableToken();
  let scanned: Promise<Run>;
  beforeAll(() => {
    // GIVEN a synthesized stack with a token pasted into it, and a handout holding one
    writeFileSync(join(planted, "planted.tf.json"), JSON.stringify({ provider: { tfe: [{ token }] } }));
    writeFileSync(join(planted, "attendee-alice.md"), `export TF_TOKEN_app_terraform_io=${token}\n`);
    // AND the state a deploy leaves, which git ignores and which holds tokens by design
    writeFileSync(
      deployedState,
      JSON.stringify({
        version: 4,
        resources: [{ mode: "managed", type: "tfe_team_token", name: "t", instances: [{ attributes: { token } }] }],
      }),
    );
    // WHEN the repository is scanned
    scanned = run(join(ROOT, "node_modules", ".bin", "secretlint"), ["**/*"]);
  });

  /** The files the scan flags, as it names them. */
  const flagged = (result: Run) =>
    result.stdout
      .split("\n")
      .filter((line) => line.startsWith("/"))
      .map((line) => line.trim());

  it(
    "fails when a Terraform Cloud token is planted in a synthesized file " +
      "or a handout, naming them without printing the token",
    async () => {
      const result = await scanned;
      expect(result.status).toBe(1);
      expect(flagged(result).sort()).toEqual([join(planted, "attendee-alice.md"), join(planted, "planted.tf.json")]);
      expect(result.stdout + result.stderr).not.toContain(token);
    },
  );

  it(
    "passes on the repository itself, synthesized output and " + "handouts included, and on a checkout that deployed",
    async () => {
      // The files flagged besides the planted ones: a test run after a deploy must stay green.
      expect(flagged(await scanned).filter((file) => !file.startsWith(planted))).toEqual([]);
      expect(existsSync(deployedState)).toBe(true);
    },
  );

  it("has nothing to find in a synthesized stack with tokens, since it holds only references to them", () => {
    expect(synthesize(exampleConfigJson()).text).not.toMatch(/[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}/);
  });
});
