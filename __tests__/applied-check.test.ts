import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPLIED_CHECK } from "../commands/deploy";
import { requireTerraform, runTerraform } from "./planner/terraform";
import { scratchDirectory } from "./workshop-day-support";

const directory = scratchDirectory();

/** Terraform in the scratch directory, as the planner runs it. */
const terraform = (...args: readonly string[]) => runTerraform(args, directory);

/** A stack of one `terraform_data` (the built-in provider: `terraform init` needs no download) and an output. */
const writeStack = (input: string, output: string) =>
  writeFileSync(
    join(directory, "main.tf.json"),
    JSON.stringify({ resource: { terraform_data: { room: { input } } }, output: { room: { value: output } } }),
  );

/** The exit code of the check npm run deploy runs after a stack's cdktf deploy, with its own arguments. */
const check = async () => (await terraform(...APPLIED_CHECK)).status;

describe("the check of what a deploy applied, run by Terraform itself", () => {
  it("exits 0 right after an apply, and 2 with a change or only an output's change not applied", async () => {
    // GIVEN a stack Terraform applied
    await requireTerraform();
    writeFileSync(join(directory, "terraformrc"), "");
    writeStack("v1", "a");
    expect((await terraform("init", "-input=false", "-no-color")).status).toBe(0);
    expect((await terraform("apply", "-auto-approve", "-input=false", "-no-color")).status).toBe(0);
    // WHEN the check runs THEN it finds no change left
    expect(await check()).toBe(0);
    // AND WHEN the stack changes, as a declined plan leaves it THEN the check exits 2
    writeStack("v2", "a");
    expect(await check()).toBe(2);
    // AND WHEN only an output changes THEN so it does: an output is part of what a deploy applies
    writeStack("v1", "b");
    expect(await check()).toBe(2);
  }, 60_000);
});
