import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { App, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withoutTokenStackTraces } from "../stacks/token-stack-traces";
import { WorkshopStack } from "../stacks/workshop-stack";
import { exampleConfigJson, NOW, validConfig, withTestApp } from "./support";

/** Synthesizes the example room with a real App into a temporary directory and returns the stack's JSON text. */
function synthesizeToDisk(prepare: (stack: WorkshopStack) => void = () => undefined): string {
  const outdir = mkdtempSync(join(tmpdir(), "workshop-speed-"));
  try {
    const app = new App({ outdir });
    const stack = new WorkshopStack(app, "aws-workshop", { config: validConfig({ ...exampleConfigJson(), attendees: ["alice", "bob"] }), now: NOW });
    prepare(stack);
    app.synth();
    return readFileSync(join(outdir, "stacks", "aws-workshop", "cdk.tf.json"), "utf8");
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("the shortcuts that keep a large synth fast", () => {
  it("write exactly what cdktf's own preparation and a fresh resolution would write", () => {
    // GIVEN one synth through the shortcuts (JSON computed once, by the policy, with no preparation pass),
    // and one that runs cdktf's preparation pass before anything is resolved
    const fast = synthesizeToDisk();
    const thorough = synthesizeToDisk((stack) => TerraformStack.prototype.prepareStack.call(stack));
    // THEN the files are identical
    expect(fast).toBe(thorough);
  });

  it("lock the stack once its JSON is computed, so nothing can be added that the output would miss", () => {
    withTestApp((app) => {
      const stack = new WorkshopStack(app, "aws-workshop", { config: validConfig(exampleConfigJson()), now: NOW });
      stack.checkPolicy();
      expect(() => new Workspace(stack, "late", { name: "late" })).toThrow(/Cannot add children/);
    });
  });

  it("leave cdktf's preparation to cdktf when the app has more than one stack", () => {
    withTestApp((app) => {
      const workshop = new WorkshopStack(app, "aws-workshop", { config: validConfig(exampleConfigJson()), now: NOW });
      const other = new TerraformStack(app, "other");
      new TfeProvider(other, "tfe", {});
      new Workspace(other, "ws", { name: "other", organization: "acme", lifecycle: { preventDestroy: true } });
      let prepared = 0;
      const original = TerraformStack.prototype.prepareStack;
      TerraformStack.prototype.prepareStack = function (this: TerraformStack) {
        prepared += 1;
        original.call(this);
      };
      try {
        workshop.prepareStack();
      } finally {
        TerraformStack.prototype.prepareStack = original;
      }
      expect(prepared).toBe(1);
    });
  });
});

describe("withoutTokenStackTraces", () => {
  it("records empty stacks while it runs and restores V8's capture afterwards, even when the work throws", () => {
    const capture = Error.captureStackTrace;
    const inside: { stack?: string } = {};
    expect(() =>
      withoutTokenStackTraces(() => {
        Error.captureStackTrace(inside);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(inside.stack).toBe("");
    expect(Error.captureStackTrace).toBe(capture);
    const outside: { stack?: string } = {};
    Error.captureStackTrace(outside);
    expect(outside.stack).toContain("synth-speed.test.ts");
  });

  it("keeps the stacks when asked to, for debugging a token error", () => {
    const inside: { stack?: string } = {};
    withoutTokenStackTraces(() => Error.captureStackTrace(inside), true);
    expect(inside.stack).toContain("synth-speed.test.ts");
  });

  it("produces the same synthesized stack as with the stacks kept", () => {
    const build = () =>
      withTestApp((app) => Testing.synth(new WorkshopStack(app, "aws-workshop", { config: validConfig({ ...exampleConfigJson(), attendees: ["alice"] }), now: NOW })));
    expect(withoutTokenStackTraces(build)).toBe(build());
  });
});
