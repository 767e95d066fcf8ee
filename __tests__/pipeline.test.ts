import { describe, expect, it } from "vitest";
import { acknowledgingKnownRules } from "../commands/pipeline";
import { WORKSHOP_RULES } from "../policy/rules";
import { exampleConfigJson, NOW } from "./support";
import { validateConfig } from "../config/load-config";

describe("the pipeline every command reads its config through", () => {
  it("fails when an acknowledgement names a rule the policy does not have, listing every rule it has", () => {
    // GIVEN an acknowledgement of a rule that does not exist
    const config = { ...exampleConfigJson(), acknowledge: [{ rule: "no-admin", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" }] };
    // WHEN checked
    const result = acknowledgingKnownRules(validateConfig(config, NOW), "room.json");
    // THEN one line names the field and the value, and offers every rule, whatever their order
    expect(result.ok).toBe(false);
    const [line] = result.ok ? [] : result.problems;
    expect(line).toMatch(/^room\.json: acknowledge\[0\]\.rule: "no-admin" is not a policy rule; use /);
    for (const rule of WORKSHOP_RULES) expect(line).toContain(rule.id);
  });

  it("passes an acknowledgement of a rule the policy has", () => {
    const config = { ...exampleConfigJson(), acknowledge: [{ rule: "admin-workspace-access", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" }] };
    expect(acknowledgingKnownRules(validateConfig(config, NOW), "room.json").ok).toBe(true);
  });
});
