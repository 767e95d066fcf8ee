import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config";
import { showValue } from "../config/messages";
import { readJson } from "../config/read-json";
import { exampleConfigJson, instancesOf, NOW, problemsOf, resourcesOf, synthesize, type SynthesizedStack } from "./support";

/** Names Terraform Cloud allows that mean something to JavaScript objects. */
const OBJECT_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];
const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const permissions = { runs: "apply", variables: "read", stateVersions: "write", sentinelMocks: "none", workspaceLocking: true, runTasks: false };

/** Parses JSON the way the config reader does, keeping `__proto__` as an own key, as the file says. */
const json = (text: string): unknown => {
  const read = readJson(text);
  if (!read.ok) throw new Error(read.problems.join("\n"));
  return read.value;
};

/** The `for_each` resource of a type and the keys of its instances. */
function roomKeys(stack: SynthesizedStack, type: string): string[] {
  const [name] = Object.entries(resourcesOf(stack, type)).find(([, resource]) => "for_each" in resource) ?? [];
  return name === undefined ? [] : [...instancesOf(stack, type, name).keys()];
}

describe("every legal name works everywhere", () => {
  it.each(OBJECT_NAMES)("%s as an attendee gets a workspace, a team, access and a token", (name) => {
    // GIVEN the name among ordinary attendees WHEN synthesized
    const { stack } = synthesize(json(`{"organization": ${JSON.stringify(organization)}, "attendees": [${JSON.stringify(name)}, "alice"]}`));
    // THEN every room resource has an instance for it
    for (const type of [Workspace.tfResourceType, WorkspaceSettings.tfResourceType, Team.tfResourceType, TeamAccess.tfResourceType, TeamToken.tfResourceType]) {
      expect(roomKeys(stack, type), type).toEqual([name, "alice"].sort());
    }
  });

  it.each(OBJECT_NAMES)("%s as organization, workspace and team name, and as a key of access", (name) => {
    // GIVEN the name everywhere a name goes
    const config = json(`{
      "organization": { "name": ${JSON.stringify(name)}, "email": "f@example.com" },
      "workspaces": [{ "name": ${JSON.stringify(name)} }],
      "teams": [{ "name": ${JSON.stringify(name)}, "access": { ${JSON.stringify(name)}: ${JSON.stringify(permissions)} } }]
    }`);
    // WHEN synthesized
    const { stack } = synthesize(config);
    // THEN each resource carries it, and the access exists
    expect(Object.values(resourcesOf(stack, Organization.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, Workspace.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, Team.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, TeamAccess.tfResourceType))[0]?.permissions).toEqual([
      { runs: "apply", variables: "read", state_versions: "write", sentinel_mocks: "none", workspace_locking: true, run_tasks: false },
    ]);
    expect(stack.output?.workspace_ids?.value).toMatch(new RegExp(`^\\$\\{zipmap\\(\\["${name}"\\], \\[tfe_workspace\\.`));
  });

  it.each(OBJECT_NAMES)("%s as a key of import.teamAccess and as an adopted attendee", (name) => {
    // GIVEN an existing access of team t to a workspace named like an object property, and an existing attendee workspace
    const config = json(`{
      "organization": ${JSON.stringify(organization)},
      "workspaces": [{ "name": "aws_workshop" }, { "name": ${JSON.stringify(name)} }],
      "teams": [{ "name": "t", "access": { ${JSON.stringify(name)}: "read" } }],
      "attendees": [${JSON.stringify(name)}],
      "import": { "workspaces": ["aws_workshop-${name}"], "teamAccess": { "t": { ${JSON.stringify(name)}: "tws-abc" } } }
    }`);
    // WHEN synthesized
    const { stack } = synthesize(config);
    // THEN both are adopted: the access by its import id, the attendee workspace into its own instance
    const imports = (stack as { import?: Array<{ to: string; id: string }> }).import ?? [];
    expect(imports).toContainEqual({ to: expect.stringMatching(/^tfe_team_access\./), id: `acme-aws-workshop/${name}/tws-abc` });
    expect(imports).toContainEqual({ to: expect.stringMatching(new RegExp(`^tfe_workspace\\.attendees_workspaces_[A-Z0-9]+\\["${name}"\\]$`)), id: `acme-aws-workshop/aws_workshop-${name}` });
    expect(roomKeys(stack, Workspace.tfResourceType)).toEqual([name]);
  });

  it("fails when import.teamAccess names a workspace, such as toString, that the team is not granted", () => {
    const config = json('{"organization": {"name": "acme", "email": "f@example.com"}, "teams": [{"name": "t"}], "import": {"teamAccess": {"t": {"toString": "tws-abc"}}}}');
    expect(problemsOf(config)).toEqual(['import.teamAccess.t.toString: team "t" is not granted access to workspace "toString" in this config']);
  });

  it("fails when access names an undeclared workspace called __proto__", () => {
    const config = json(`{"organization": {"name": "acme", "email": "f@example.com"}, "teams": [{"name": "t", "access": {"__proto__": ${JSON.stringify(permissions)}}}]}`);
    expect(problemsOf(config)).toEqual(['teams[0].access.__proto__: workspace "__proto__" is not declared in workspaces; declared: aws_workshop']);
  });
});

describe("reading the config file", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-hostile-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const load = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    const result = loadConfig(path, NOW);
    return { path, problems: result.ok ? [] : result.problems };
  };

  it("fails when a key is given twice, naming the path and both lines", () => {
    // GIVEN a first "teams" with a 5,000-day token and a second, empty one
    const text = '{\n  "organization": {"name": "acme", "email": "f@example.com"},\n  "teams": [{"name": "ci", "token": {"description": "ci", "rotationDays": 5000}}],\n  "teams": []\n}\n';
    // WHEN loaded THEN it is refused, not silently the last one
    const { path, problems } = load("duplicate.json", text);
    expect(problems).toEqual([`${path}: teams: is given twice, on line 3 and line 4; keep one, since JSON readers disagree on which wins`]);
  });

  it("fails on arrays nested 5,000 deep with one line and no stack trace", () => {
    const { path, problems } = load("deep.json", `{"organization": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expect(problems).toEqual([`${path}: nests objects and arrays deeper than 16 levels at line 1, column 33; a config is at most 5 levels deep`]);
  });

  it("accepts a leading UTF-8 byte order mark", () => {
    expect(load("bom.json", `\uFEFF${JSON.stringify(exampleConfigJson())}`).problems).toEqual([]);
  });

  it("fails on a raw NUL byte, showing it escaped", () => {
    const { path, problems } = load("nul.json", '{"organization": {"name": "ac\u0000me", "email": "f@example.com"}}');
    expect(problems).toEqual([`${path}: is not valid JSON at line 1, column 30: a string holds the control character "\\u0000"; write it escaped, or remove it`]);
  });

  it("fails on a trailing comma, naming line and column", () => {
    const { path, problems } = load("comma.json", '{\n  "organization": {"name": "acme", "email": "f@example.com"},\n}\n');
    expect(problems).toEqual([`${path}: is not valid JSON at line 3, column 1: unexpected "}" after ","; JSON allows no comma after the last item`]);
  });

  it("fails on a misspelt literal, naming line and column", () => {
    const { path, problems } = load("word.json", '{"organization": {"name": "acme", "email": "f@example.com", "create": tru}}');
    expect(problems).toEqual([`${path}: is not valid JSON at line 1, column 71: unexpected word "tru"; JSON knows only true, false and null`]);
  });

  it("fails on a file that ends early", () => {
    const { path, problems } = load("short.json", '{"organization": {"name": "acme"');
    expect(problems).toEqual([`${path}: is not valid JSON at line 1, column 33: the file ends before the JSON does; a value, a } or a ] is missing`]);
  });

  it("prints at most 20 problems, then counts the rest", () => {
    // GIVEN 10,001 attendee names that are all invalid
    const names = Array.from({ length: 10_001 }, (_, index) => `bad name ${index}`);
    // WHEN loaded
    const { path, problems } = load("many.json", JSON.stringify({ organization, attendees: names }));
    // THEN 20 lines and a count
    expect(problems).toHaveLength(21);
    expect(problems[0]).toBe(`${path}: attendees[0]: must be a name of letters, digits, "-" or "_", but "bad name 0" was provided`);
    expect(problems[20]).toBe("... and 9981 more problems");
  });
});

describe("bounded input", () => {
  it("fails when a workspace description is 20 MB", () => {
    const config = { organization, workspaces: [{ name: "aws_workshop", description: "x".repeat(20_000_000) }] };
    expect(problemsOf(config)).toEqual(["workspaces[0].description: must be a description (1 to 1000 characters), but 20000000 characters were provided"]);
  });

  it("fails when an acknowledgement's reason is longer than 500 characters", () => {
    const config = { organization, acknowledge: [{ rule: "auto-apply", resource: "aws-workshop", reason: "r".repeat(501) }] };
    expect(problemsOf(config)).toEqual(["acknowledge[0].reason: must be a reason of 10 to 500 characters, but 501 characters were provided"]);
  });

  it.each(["tfe..example.com:99999", "tfe..example.com", "tfe.example.com:0", "tfe.example.com:65536", `${"a".repeat(64)}.example.com`, "-tfe.example.com", "tfe.example.com:"])(
    "fails when state.hostname is %s",
    (hostname) => {
      expect(problemsOf({ organization, state: { organization: "acme-admin", workspace: "state", hostname } })).toEqual([
        `state.hostname: must be a host name such as "tfe.example.com" or "tfe.example.com:8443": labels of 1 to 63 letters, digits or "-", port 1 to 65535, but ${showValue(hostname)} was provided`,
      ]);
    },
  );

  it.each(["tfe.example.com", "tfe.example.com:8443", "localhost:65535", `${"a".repeat(63)}.example.com`])("accepts state.hostname %s", (hostname) => {
    expect(problemsOf({ organization, state: { organization: "acme-admin", workspace: "state", hostname } })).toEqual([]);
  });
});
