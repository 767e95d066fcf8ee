import { describe, expect, it } from "vitest";
import { WORKSHOP_RULES } from "../policy/rules";
import { exampleConfigJson, NOW } from "./support";
import { validateConfig } from "../config/load-config";

/** The rule ids the pipeline gives the config's reader. */
const RULES = WORKSHOP_RULES.map((rule) => rule.id);

describe("prepareWorkshop, which every command reads its config through", () => {
  it("fails when an acknowledgement names a rule the policy does not have, listing every rule it has", () => {
    // GIVEN an acknowledgement of a rule that does not exist
    const config = {
      ...exampleConfigJson(),
      acknowledge: [{ rule: "no-admin", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" }],
    };
    // WHEN checked
    const result = validateConfig(config, NOW, RULES);
    // THEN one line names the field and the value, and offers every rule, whatever their order
    expect(result.ok).toBe(false);
    const [line] = result.ok ? [] : result.problem;
    expect(line).toMatch(/^acknowledge\[0\]\.rule: "no-admin" is not a policy rule; use /);
    for (const rule of WORKSHOP_RULES) expect(line).toContain(rule.id);
  });

  it("passes an acknowledgement of a rule the policy has", () => {
    const config = {
      ...exampleConfigJson(),
      acknowledge: [
        { rule: "admin-workspace-access", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" },
      ],
    };
    expect(validateConfig(config, NOW, RULES).ok).toBe(true);
  });

  it("fails when an acknowledgement names an unknown rule beside a refused field, naming both in one round", () => {
    // GIVEN a wrong access level and an acknowledgement of a rule that does not exist
    const config = exampleConfigJson() as { teams: Array<Record<string, unknown>> };
    config.teams[0]!.access = { aws_workshop: "superuser" };
    const result = validateConfig(
      {
        ...config,
        acknowledge: [{ rule: "no-admin", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" }],
      },
      NOW,
      RULES,
    );
    // THEN both are reported
    const problems = result.ok ? [] : result.problem;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      'teams[0].access.aws_workshop: "superuser" is not an access level; ' +
        "use read, plan, write, admin or a permissions object",
    );
    expect(problems[1]).toMatch(/^acknowledge\[0\]\.rule: "no-admin" is not a policy rule; use /);
  });
});
