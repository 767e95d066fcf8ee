import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exampleConfigJson, synthesize } from "./support";

const ROOT = join(__dirname, "..");

/**
 * A value of the Terraform Cloud token shape (14 characters, "atlasv1", 60 or more), assembled at run
 * time so that no token-shaped string is ever committed.
 */
function plantableToken(): string {
  return ["QnbSxjjhVMHJgw", ["atlas", "v1"].join(""), "x".repeat(70)].join(".");
}

/** Runs the project's secretlint configuration over every file of a directory, as `npm run scan` does. */
function scan(directory: string) {
  return spawnSync(join(ROOT, "node_modules", ".bin", "secretlint"), ["--secretlintrc", join(ROOT, ".secretlintrc.json"), "**/*"], {
    cwd: directory,
    encoding: "utf8",
  });
}

describe("the secret scan", () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it("fails when a Terraform Cloud token is planted in a file, without printing the token", () => {
    // GIVEN a synthesized stack with a token pasted into it
    directory = mkdtempSync(join(tmpdir(), "workshop-scan-"));
    const token = plantableToken();
    writeFileSync(join(directory, "cdk.tf.json"), JSON.stringify({ provider: { tfe: [{ token }] } }));
    // WHEN scanned
    const run = scan(directory);
    // THEN the scan fails, names the file, and masks the value
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("cdk.tf.json");
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it("passes on the repository itself, synthesized output included", () => {
    expect(scan(ROOT).status).toBe(0);
  });

  it("passes on a synthesized stack, tokens and all, since it holds only references to them", () => {
    directory = mkdtempSync(join(tmpdir(), "workshop-scan-"));
    writeFileSync(join(directory, "cdk.tf.json"), synthesize(exampleConfigJson()).text);
    expect(scan(directory).status).toBe(0);
  });
});
