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
import { configJsonSchema } from "../config/schema";
import {
  exampleConfigJson,
  exampleConfigWith,
  fieldPath,
  fieldsAt,
  instancesOf,
  NOW,
  problemsOf,
  resourcesOf,
  synthesize,
  type SynthesizedStack,
} from "./support";
import { fakeToken } from "./workshop-day-support";

/** Names Terraform Cloud allows that mean something to JavaScript objects. */
const OBJECT_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];
const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const permissions = {
  runs: "apply",
  variables: "read",
  stateVersions: "write",
  sentinelMocks: "none",
  workspaceLocking: true,
  runTasks: false,
};

/** Parses JSON the way the config reader does, keeping `__proto__` as an own key, as the file says. */
const json = (text: string): unknown => {
  const read = readJson(text);
  if (!read.ok) throw new Error(read.problem.join("\n"));
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
    const { stack } = synthesize(
      json(`{"organization": ${JSON.stringify(organization)}, "attendees": [${JSON.stringify(name)}, "alice"]}`),
    );
    // THEN every room resource has an instance for it
    for (const type of [
      Workspace.tfResourceType,
      WorkspaceSettings.tfResourceType,
      Team.tfResourceType,
      TeamAccess.tfResourceType,
      TeamToken.tfResourceType,
    ]) {
      expect(roomKeys(stack, type), type).toEqual([name, "alice"].sort());
    }
  });

  it.each(OBJECT_NAMES)("%s as organization, workspace and team name, and as a key of access", (name) => {
    // GIVEN the name everywhere a name goes
    const config = json(`{
      "organization": { "name": ${JSON.stringify(name)}, "email": "f@example.com" },
      "workspaces": [{ "name": ${JSON.stringify(name)} }],
      "teams": [
        { "name": ${JSON.stringify(name)}, "access": { ${JSON.stringify(name)}: ${JSON.stringify(permissions)} } }
      ]
    }`);
    // WHEN synthesized
    const { stack } = synthesize(config);
    // THEN each resource carries it, and the access exists
    expect(Object.values(resourcesOf(stack, Organization.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, Workspace.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, Team.tfResourceType))[0]?.name).toBe(name);
    expect(Object.values(resourcesOf(stack, TeamAccess.tfResourceType))[0]?.permissions).toEqual([
      {
        runs: "apply",
        variables: "read",
        state_versions: "write",
        sentinel_mocks: "none",
        workspace_locking: true,
        run_tasks: false,
      },
    ]);
    expect(stack.output?.workspace_ids?.value).toMatch(
      new RegExp(`^\\$\\{zipmap\\(\\["${name}"\\], \\[tfe_workspace\\.`),
    );
  });

  it.each(OBJECT_NAMES)("%s as a key of import.teamAccess and as an adopted attendee", (name) => {
    // GIVEN an existing access of team t to a workspace named like an object property, and an existing attendee
    // workspace
    const config = json(`{
      "organization": ${JSON.stringify(organization)},
      "workspaces": [{ "name": "aws_workshop" }, { "name": ${JSON.stringify(name)} }],
      "teams": [{ "name": "t", "access": { ${JSON.stringify(name)}: "read" } }],
      "attendees": [${JSON.stringify(name)}],
      "import": {
        "workspaces": ["aws_workshop-${name}"],
        "teamAccess": { "t": { ${JSON.stringify(name)}: "tws-abc" } }
      }
    }`);
    // WHEN synthesized
    const { stack } = synthesize(config);
    // THEN both are adopted: the access by its import id, the attendee workspace into its own instance
    const imports = (stack as { import?: Array<{ to: string; id: string }> }).import ?? [];
    const teamAccessAddress: unknown = expect.stringMatching(/^tfe_team_access\./);
    const workspaceAddress: unknown = expect.stringMatching(
      new RegExp(`^tfe_workspace\\.attendees_workspaces_[A-Z0-9]+\\["${name}"\\]$`),
    );
    expect(imports).toContainEqual({
      to: teamAccessAddress,
      id: `acme-aws-workshop/${name}/tws-abc`,
    });
    expect(imports).toContainEqual({
      to: workspaceAddress,
      id: `acme-aws-workshop/aws_workshop-${name}`,
    });
    expect(roomKeys(stack, Workspace.tfResourceType)).toEqual([name]);
  });

  it("fails when import.teamAccess names a workspace, such as toString, that the team is not granted", () => {
    const config = json(
      '{"organization": {"name": "acme", "email": "f@example.com"}, "teams": [{"name": ' +
        '"t"}], "import": {"teamAccess": {"t": {"toString": "tws-abc"}}}}',
    );
    expect(problemsOf(config)).toEqual([
      'import.teamAccess.t.toString: team "t" is not granted access to workspace "toString" in this config',
    ]);
  });

  it("fails when access names an undeclared workspace called __proto__", () => {
    const config = json(
      `{"organization": {"name": "acme", "email": "f@example.com"}, "teams": [{"name": ` +
        `"t", "access": {"__proto__": ${JSON.stringify(permissions)}}}]}`,
    );
    expect(problemsOf(config)).toEqual([
      'teams[0].access.__proto__: workspace "__proto__" is not declared in workspaces; declared: aws_workshop',
    ]);
  });
});

describe("reading the config file", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-hostile-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const load = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    const result = loadConfig(path, NOW);
    return { path, problems: result.ok ? [] : result.problem };
  };

  it("fails when a key is given twice, naming the path and both lines", () => {
    // GIVEN a first "teams" with a 5,000-day token and a second, empty one
    const text =
      '{\n  "organization": {"name": "acme", "email": "f@example.com"},\n' +
      '  "teams": [{"name": "ci", "token": {"description": "ci", "rotationDays": 5000}}],\n' +
      '  "teams": []\n}\n';
    // WHEN loaded THEN it is refused, not silently the last one
    const { path, problems } = load("duplicate.json", text);
    expect(problems).toEqual([
      `${path}: teams: is given twice, on line 3 and line 4; keep one, since JSON readers disagree on which wins`,
    ]);
  });

  it("fails when a key is given twice in two spellings, deep in a large room", () => {
    // GIVEN 1,000 attendees, one of whom has "name" once plain and once escaped (\u006e is "n")
    const attendees = Array.from({ length: 1000 }, (_, index) => `{"name": "attendee${index}"}`);
    attendees[700] = '{"name": "attendee700", "\\u006eame": "someone"}';
    const text =
      `{"organization": {"name": "acme", "email": ` + `"f@example.com"},\n"attendees": [${attendees.join(", ")}]}`;
    // WHEN loaded THEN the second is refused, as JSON readers disagree on which wins
    const { path, problems } = load("escaped-duplicate.json", text);
    expect(problems).toEqual([
      `${path}: attendees[700].name: is given twice, on line 2 and line 2; ` +
        "keep one, since JSON readers disagree on which wins",
    ]);
  });

  it("fails on arrays nested 5,000 deep with one line and no stack trace", () => {
    const { path, problems } = load("deep.json", `{"organization": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expect(problems).toEqual([
      `${path}: nests objects and arrays deeper than 16 levels at line 1, column 33; a config is at most 5 levels deep`,
    ]);
  });

  it("counts only the brackets outside strings, and says on which line the nesting goes too deep", () => {
    // GIVEN a string full of brackets (an escaped quote and a line break in it), then arrays nested 17 deep on line 3,
    // inside the document's object
    const text =
      `{"organization": {"name": "${"[".repeat(40)}\\" {{{", "email": ` +
      `"f@example.com"},\n  "x": "]]",\r\n` +
      `  "teams": ${"[".repeat(17)}${"]".repeat(17)}}`;
    // WHEN loaded THEN the string's brackets do not count, and the 16th array, the 17th level, is named where it opens
    const { path, problems } = load("strings.json", text);
    expect(problems).toEqual([
      `${path}: nests objects and arrays deeper than 16 levels at line 3, column 27; a config is at most 5 levels deep`,
    ]);
  });

  it("accepts a leading UTF-8 byte order mark", () => {
    expect(load("bom.json", `\uFEFF${JSON.stringify(exampleConfigJson())}`).problems).toEqual([]);
  });

  it("fails on a raw NUL byte, naming the field, the character and where it is", () => {
    const { path, problems } = load("nul.json", '{"organization": {"name": "ac\u0000me", "email": "f@example.com"}}');
    expect(problems).toEqual([
      `${path}: organization.name: holds the control character U+0000 at character 3 of the string at line ` +
        "1, column 27; control characters, lone surrogates and Unicode non-characters are not allowed",
    ]);
  });

  it("fails on a trailing comma, naming line and column", () => {
    const { path, problems } = load(
      "comma.json",
      '{\n  "organization": {"name": "acme", "email": "f@example.com"},\n}\n',
    );
    expect(problems).toEqual([
      `${path}: is not valid JSON at line 3, column 1: unexpected "}" ` +
        `after ","; JSON allows no comma after the last item`,
    ]);
  });

  it("fails on a misspelt literal, naming line and column", () => {
    const { path, problems } = load(
      "word.json",
      '{"organization": {"name": "acme", "email": "f@example.com", "create": tru}}',
    );
    expect(problems).toEqual([
      `${path}: is not valid JSON at line 1, column 71: unexpected word "tru"; JSON knows only true, false and null`,
    ]);
  });

  it("fails on a file that ends early", () => {
    const { path, problems } = load("short.json", '{"organization": {"name": "acme"');
    expect(problems).toEqual([
      `${path}: is not valid JSON at line 1, column 33: the file ends ` +
        "before the JSON does; a value, a } or a ] is missing",
    ]);
  });

  it("prints at most 20 problems, then counts the rest", () => {
    // GIVEN 10,001 attendee names that are all invalid
    const names = Array.from({ length: 10_001 }, (_, index) => `bad name ${index}`);
    // WHEN loaded
    const { path, problems } = load("many.json", JSON.stringify({ organization, attendees: names }));
    // THEN 20 lines and a count
    expect(problems).toHaveLength(21);
    expect(problems[0]).toBe(
      `${path}: attendees[0]: must be a name of at most 90 letters, digits, "-" or "_", but "bad name 0" was provided`,
    );
    expect(problems[20]).toBe("... and 9981 more problems");
  });
});

describe("bounded input", () => {
  it("fails when a workspace description is 20 MB", () => {
    const config = { organization, workspaces: [{ name: "aws_workshop", description: "x".repeat(20_000_000) }] };
    expect(problemsOf(config)).toEqual([
      "workspaces[0].description: must be a description (1 to 1000 characters), but 20000000 characters were provided",
    ]);
  });

  it("fails when an acknowledgement's reason is longer than 500 characters", () => {
    const config = {
      organization,
      acknowledge: [{ rule: "auto-apply", resource: "aws-workshop", reason: "r".repeat(501) }],
    };
    expect(problemsOf(config)).toEqual([
      "acknowledge[0].reason: must be a reason of 10 to 500 characters, but 501 characters were provided",
    ]);
  });

  it.each([
    "tfe..example.com:99999",
    "tfe..example.com",
    "tfe.example.com:0",
    "tfe.example.com:65536",
    `${"a".repeat(64)}.example.com`,
    "-tfe.example.com",
    "tfe.example.com:",
  ])("fails when state.hostname is %s", (hostname) => {
    expect(problemsOf({ organization, state: { organization: "acme-admin", workspace: "state", hostname } })).toEqual([
      `state.hostname: must be a host name such as "tfe.example.com" or "tfe.example.com:8443": labels of ` +
        `1 to 63 letters, digits or "-", port 1 to 65535, but ${showValue(hostname)} was provided`,
    ]);
  });

  it.each(["tfe.example.com", "tfe.example.com:8443", "localhost:65535", `${"a".repeat(63)}.example.com`])(
    "accepts state.hostname %s",
    (hostname) => {
      expect(problemsOf({ organization, state: { organization: "acme-admin", workspace: "state", hostname } })).toEqual(
        [],
      );
    },
  );
});

describe("every string of the config has a bound", () => {
  /**
   * The bounded strings no key reaches, so no row of them comes from the schema: each field, its bound, where it goes
   * in a config, and the words its message says after "must be".
   */
  const FIELDS: ReadonlyArray<readonly [string, number, (value: string) => unknown, string]> = [
    [
      // inside a union: attendees is a list of names or { names, ... }, and each name a string or { name, email }
      "attendees[0]",
      90,
      (value) => ({ organization, attendees: [value] }),
      'a name of at most 90 letters, digits, "-" or "_"',
    ],
    [
      // inside a union: an attendee given as { name, email } in the list form of attendees
      "attendees[0].name",
      90,
      (value) => ({ organization, attendees: [{ name: value }] }),
      'a name of at most 90 letters, digits, "-" or "_"',
    ],
    [
      // inside a union: an attendee given as { name, email } in the list form of attendees
      "attendees[0].email",
      254,
      (value) => ({ organization, attendees: [{ name: "ann", email: value }] }),
      "an email address of at most 254 characters",
    ],
    [
      // inside a union: a name in the { names, ... } form of attendees
      "attendees.names[0]",
      90,
      (value) => ({ organization, attendees: { names: [value] } }),
      'a name of at most 90 letters, digits, "-" or "_"',
    ],
    [
      // inside a union twice: an attendee given as { name, email } in the { names, ... } form of attendees
      "attendees.names[0].name",
      90,
      (value) => ({ organization, attendees: { names: [{ name: value }] } }),
      'a name of at most 90 letters, digits, "-" or "_"',
    ],
    [
      // inside a union twice: an attendee given as { name, email } in the { names, ... } form of attendees
      "attendees.names[0].email",
      254,
      (value) => ({ organization, attendees: { names: [{ name: "ann", email: value }] } }),
      "an email address of at most 254 characters",
    ],
    [
      // inside a union: a field of the { names, ... } form of attendees only
      "attendees.workspacePrefix",
      90,
      (value) => ({ organization, attendees: { names: [], workspacePrefix: value } }),
      'a workspace name prefix of at most 90 letters, digits, "-" or "_"',
    ],
    [
      // inside a map of maps: its keys are team and workspace names, the config's own, which no schema path names
      "import.teamAccess.t.w",
      64,
      (value) => ({ organization, import: { teamAccess: { t: { w: value } } } }),
      "a team access id of at most 64 characters",
    ],
  ];

  const leaves = stringLeaves(configJsonSchema());
  /**
   * A row from the JSON Schema for each bounded string a key reaches: its path, its bound, the example config with
   * it set, and its description, which its message says after "must be".
   */
  const fromSchema = leaves.flatMap((leaf) => {
    const { keys, maxLength, description } = leaf;
    if (keys === undefined || maxLength === undefined || description === undefined) return [];
    return [[fieldPath(keys), maxLength, (value: string) => exampleConfigWith(keys, value), description] as const];
  });
  /** The written rows and the schema's: one for each bounded string. */
  const ROWS = [...FIELDS, ...fromSchema];

  it("has a written row only for a bounded string no key reaches, and makes the rest from the schema", () => {
    // GIVEN the written rows and the schema's strings WHEN each written row is matched to the string it names
    const reachable = FIELDS.filter(([field]) =>
      leaves.some((leaf) => leaf.keys !== undefined && leaf.path.test(field)),
    );
    // THEN none is one a key reaches, which the schema would make again, and the schema makes the many others
    expect(reachable.map(([field]) => field)).toEqual([]);
    expect(fromSchema.length).toBeGreaterThan(15);
  });

  it(
    "has a row for each bounded string of the config's JSON Schema, at the " +
      "schema's bound, so a new field fails here until it has one",
    () => {
      // GIVEN every string the schema lets a user write WHEN matched against the rows by path
      const unmatched = leaves.filter(
        (leaf) =>
          leaf.maxLength !== undefined &&
          !ROWS.some(([field, bound]) => leaf.path.test(field) && bound === leaf.maxLength),
      );
      const stray = FIELDS.filter(([field]) => !leaves.some((leaf) => leaf.path.test(field)));
      // THEN each bounded one has its row, each row is a field, and the strings without a length are one of a list, a
      // date-time (its pattern bounds it) or a host name (checked as one)
      expect(unmatched.map((leaf) => `${leaf.path.source} (at most ${leaf.maxLength})`)).toEqual([]);
      expect(stray.map(([field]) => field)).toEqual([]);
      expect(
        leaves
          .filter((leaf) => leaf.maxLength === undefined && !leaf.enumerated && !leaf.dateTime)
          .map((leaf) => leaf.path.source),
      ).toEqual(["^state\\.hostname$"]);
    },
  );

  it.each(ROWS)(
    "fails when %s is one character over its bound of %i, with one line",
    (field, bound, config, expectation) => {
      expect(problemsOf(config("a".repeat(bound + 1)))).toEqual([
        `${field}: must be ${expectation}, but ${bound + 1} characters were provided`,
      ]);
    },
  );

  it.each(ROWS.filter(([field]) => field.startsWith("organization.")))(
    "fails when %s is 1 MB, with one line, before its pattern is matched",
    (field, _bound, config, expectation) => {
      expect(problemsOf(config("@".repeat(1_000_000)))).toEqual([
        `${field}: must be ${expectation}, but 1000000 characters were provided`,
      ]);
    },
  );

  it.each(ROWS)(
    "fails when a Terraform Cloud token is pasted as %s, never quoting a piece of it",
    (_field, _bound, config) => {
      const problems = problemsOf(config(PASTED_TOKEN));
      expect(problems).toHaveLength(1);
      expect(problems.filter(holdsPieceOfToken)).toEqual([]);
    },
  );

  it("fails when an acknowledgement is 5 MB, naming each field over its bound", () => {
    const huge = "x".repeat(5_000_000);
    expect(problemsOf({ organization, acknowledge: [{ rule: huge, resource: huge, reason: huge }] })).toEqual([
      "acknowledge[0].rule: must be a policy rule id of at most 100 characters, but 5000000 characters were provided",
      "acknowledge[0].resource: must be a construct path of at most " +
        "1000 characters, but 5000000 characters were provided",
      "acknowledge[0].reason: must be a reason of 10 to 500 characters, but 5000000 characters were provided",
    ]);
  });
});

/**
 * A string the config's JSON Schema lets a user write: where (as the messages name it), its bound, whether it is one of
 * a list or a date-time.
 */
interface StringLeaf {
  readonly path: RegExp;
  /** Its keys from the config's top, a list's item as 0; undefined inside a map or a union, which no key reaches. */
  readonly keys?: readonly string[];
  readonly maxLength?: number;
  /** The schema's description, which a bounded string's message says after "must be". */
  readonly description?: string;
  readonly enumerated: boolean;
  readonly dateTime: boolean;
}

/** Every string of a JSON Schema, each list item and map value matched by any index or key. */
function stringLeaves(schema: Record<string, unknown>, path = "", keys: readonly string[] | null = []): StringLeaf[] {
  const node = schema as {
    type?: string;
    maxLength?: number;
    description?: string;
    enum?: unknown[];
    format?: string;
    anyOf?: Record<string, unknown>[];
    properties?: Record<string, Record<string, unknown>>;
    items?: Record<string, unknown>;
    additionalProperties?: unknown;
  };
  const leaves: StringLeaf[] =
    node.type === "string"
      ? [
          {
            path: new RegExp(`^${path}$`),
            keys: keys ?? undefined,
            maxLength: node.maxLength,
            description: node.description,
            enumerated: node.enum !== undefined,
            dateTime: node.format === "date-time",
          },
        ]
      : [];
  const key = (name: string) =>
    /^[A-Za-z_]\w*$/.test(name)
      ? `${path === "" ? "" : `${path}\\.`}${name}`
      : `${path}\\[${JSON.stringify(name).replaceAll("$", "\\$")}\\]`;
  for (const alternative of node.anyOf ?? []) leaves.push(...stringLeaves(alternative, path, null));
  for (const [name, child] of Object.entries(node.properties ?? {}))
    leaves.push(...stringLeaves(child, key(name), keys === null ? null : [...keys, name]));
  if (node.items !== undefined)
    leaves.push(...stringLeaves(node.items, `${path}\\[\\d+\\]`, keys === null ? null : [...keys, "0"]));
  if (typeof node.additionalProperties === "object")
    leaves.push(...stringLeaves(node.additionalProperties as Record<string, unknown>, `${path}\\.[^.]+`, null));
  return leaves;
}

/** A token as Terraform Cloud makes them, pasted into the config where a value goes. */
const PASTED_TOKEN = fakeToken("Pasted7okenAbc");
/** Whether a line holds any 8 characters in a row of {@link PASTED_TOKEN}, its id or its secret. */
const holdsPieceOfToken = (line: string) =>
  Array.from({ length: PASTED_TOKEN.length - 7 }, (_, start) => PASTED_TOKEN.slice(start, start + 8)).some((piece) =>
    line.includes(piece),
  );
const WITHHELD = "a value that looks like a Terraform Cloud token (not shown)";

describe("a secret pasted into the config", () => {
  it("fails when a token is the organization's name, saying what it looks like instead of quoting it", () => {
    expect(problemsOf({ organization: { ...organization, name: PASTED_TOKEN } })).toEqual([
      "organization.name: holds what looks like a Terraform Cloud token (not shown); a token has no " +
        "place in the config: remove it, and revoke it if the file was shared or committed",
    ]);
  });

  it("fails when a token is a description, which Terraform Cloud would show to everyone in the organization", () => {
    expect(problemsOf({ organization, workspaces: [{ name: "w", description: `ours: ${PASTED_TOKEN}` }] })).toEqual([
      "workspaces[0].description: holds what looks like a Terraform Cloud token (not shown); a token has " +
        "no place in the config: remove it, and revoke it if the file was shared or committed",
    ]);
  });

  it("fails when a token is an access level, a key or a field name, quoting none", () => {
    expect(problemsOf({ organization, teams: [{ name: "t", access: { aws_workshop: PASTED_TOKEN } }] })).toEqual([
      `teams[0].access.aws_workshop: ${WITHHELD} is not an access level; ` +
        "use read, plan, write, admin or a permissions object",
    ]);
    expect(problemsOf({ organization, teams: [{ name: "t", access: { [PASTED_TOKEN]: "read" } }] })).toEqual([
      `teams[0].access[<token>]: workspace ${WITHHELD} is not declared in workspaces; declared: aws_workshop`,
    ]);
    expect(problemsOf({ organization, teams: [{ name: "t", [PASTED_TOKEN]: "read" }] })).toEqual([
      `teams[0]: ${WITHHELD} is not a known field; the fields here are ${fieldsAt("teams[]")}`,
    ]);
  });

  it("fails when a token is inside a value quoted whole, standing as <token> there", () => {
    expect(problemsOf({ organization: [PASTED_TOKEN] })).toEqual([
      'organization: must be an object, but ["<token>"] was provided',
    ]);
  });

  it("names a config string longer than 40 characters by its length, and quotes one of 40", () => {
    const long = `a ${"b".repeat(39)}`;
    const fits = `a ${"b".repeat(38)}`;
    expect(problemsOf({ organization: { ...organization, name: long } })).toEqual([
      "organization.name: must be a name of at most 90 letters, digits, " +
        '"-" or "_", but a string of 41 characters was provided',
    ]);
    expect(problemsOf({ organization: { ...organization, name: fits } })).toEqual([
      `organization.name: must be a name of at most 90 letters, digits, "-" or "_", but "${fits}" was provided`,
    ]);
    expect(problemsOf({ organization, teams: [{ name: "t", access: { [long]: "read" } }] })).toEqual([
      "teams[0].access[<41 characters>]: workspace a string of 41 characters " +
        "is not declared in workspaces; declared: aws_workshop",
    ]);
  });

  it("fails when a token stands where JSON does not allow it, quoting none of it", () => {
    const read = readJson(`{"organization": {"name": "acme" "${PASTED_TOKEN}": 1}}`);
    expect(read).toEqual({
      ok: false,
      problem: ['is not valid JSON at line 1, column 34: unexpected string <token>; is a "," missing before it?'],
    });
  });
});

describe("a number too large for its field", () => {
  it("fails with one line, though it is neither a safe whole number nor within the bound", () => {
    expect(problemsOf({ organization, policy: { maxTokenLifetimeDays: 1e20 } })).toEqual([
      "policy.maxTokenLifetimeDays: must be a whole number of days from " +
        "1 to 3650, but 100000000000000000000 was provided",
    ]);
  });
});

describe("characters that are never text", () => {
  const RULE = "control characters, lone surrogates and Unicode non-characters are not allowed";
  const withDescription = (description: string) => ({ organization, workspaces: [{ name: "w", description }] });

  it.each([
    ["DEL", "a\u007fb", "the control character U+007F at character 2"],
    ["C1 NEL", "ab\u0085", "the control character U+0085 at character 3"],
    ["C1 CSI, the 8-bit escape", "\u009b2J", "the control character U+009B at character 1"],
    ["ESC, escaped in JSON", "x\u001b]0;title\u0007", "the control character U+001B at character 2"],
    [
      "a newline that would forge a line",
      "ok\nerror [token-expires] forged",
      "the control character U+000A at character 3",
    ],
    ["a lone surrogate", "caf\ud800", "a lone surrogate U+D800 at character 4"],
    ["the non-character U+FFFE", "\ufffe", "the Unicode non-character U+FFFE at character 1"],
    ["the non-character U+FDD0", "ok \ufdd0", "the Unicode non-character U+FDD0 at character 4"],
    ["the non-character U+1FFFF, after an emoji", "🚀\u{1ffff}", "the Unicode non-character U+1FFFF at character 2"],
  ])("fails when a description holds %s, naming the field", (_what, description, found) => {
    expect(problemsOf(withDescription(description))).toEqual([`workspaces[0].description: holds ${found}; ${RULE}`]);
  });

  it("accepts letters of any script, emoji, quotes and backslashes in a description", () => {
    expect(problemsOf(withDescription('Ünïcödé 日本語 🚀 "quoted" \\ ${not a reference}'))).toEqual([]);
  });

  it("fails when a team token's description or an acknowledgement's reason holds one", () => {
    expect(
      problemsOf({ organization, teams: [{ name: "t", token: { description: "ci\u0007", rotationDays: 1 } }] }),
    ).toEqual([`teams[0].token.description: holds the control character U+0007 at character 3; ${RULE}`]);
    expect(
      problemsOf({
        organization,
        acknowledge: [
          { rule: "auto-apply", resource: "aws-workshop", reason: "accepted on purpose\r\nerror [x] forged" },
        ],
      }),
    ).toEqual([`acknowledge[0].reason: holds the control character U+000D at character 20; ${RULE}`]);
  });

  it("shows a look-alike name escaped, so that the message says what was written", () => {
    expect(problemsOf({ organization, attendees: ["\u0430lice"] })).toEqual([
      'attendees[0]: must be a name of at most 90 letters, digits, "-" or "_", but "\\u0430lice" was provided',
    ]);
  });
});

describe("characters that are never text, in the config file", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-hostile-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const RULE = "control characters, lone surrogates and Unicode non-characters are not allowed";
  /** Loads a config file; returns its problems and where in its text a piece starts, as line 1's column. */
  const load = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    const result = loadConfig(path, NOW);
    return { path, problems: result.ok ? [] : result.problem, column: (piece: string) => text.indexOf(piece) + 1 };
  };

  it.each([
    ["raw DEL", "a\u007fb", "U+007F at character 2"],
    ["raw C1", "a\u0090b", "U+0090 at character 2"],
    ["escaped BEL", "a\\u0007b", "U+0007 at character 2"],
    ["escaped ESC starting a title sequence", "\\u001b]0;pwned\\u0007", "U+001B at character 1"],
  ])("fails on %s in a description, naming the field and the string's place", (_what, written, found) => {
    const text =
      `{"organization": {"name": "acme", "email": "f@example.com"}, ` +
      `"workspaces": [{"name": "w", "description": "${written}"}]}`;
    const { path, problems, column } = load("described.json", text);
    expect(problems).toEqual([
      `${path}: workspaces[0].description: holds the control character ${found} of ` +
        `the string at line 1, column ${column(`"${written}"`)}; ${RULE}`,
    ]);
  });

  it("fails on an escaped lone surrogate, which would become U+FFFD without a word", () => {
    const text =
      '{"organization": {"name": "acme", "email": "f@example.com"}, "teams": [{"name": ' +
      '"t", "token": {"description": "ci \\udc00", "rotationDays": 1}}]}';
    const { path, problems, column } = load("surrogate.json", text);
    expect(problems).toEqual([
      `${path}: teams[0].token.description: holds a lone surrogate U+DC00 at ` +
        `character 4 of the string at line 1, column ${column('"ci ')}; ${RULE}`,
    ]);
  });

  it("fails on a control character in a key, naming the key escaped", () => {
    const text =
      '{"organization": {"name": "acme", "email": "f@example.com"}, ' +
      '"teams": [{"name": "t", "access": {"w\\u0007": "read"}}]}';
    const { path, problems, column } = load("key.json", text);
    expect(problems).toEqual([
      `${path}: teams[0].access["w\\u0007"]: the key holds the control character U+0007 at ` +
        `character 2 of the string at line 1, column ${column('"w\\u0007"')}; ${RULE}`,
    ]);
  });

  it("fails on a number too large to be read, instead of calling it null", () => {
    const text =
      '{"organization": {"name": "acme", "email": "f@example.com"}, "policy": {"maxTokenLifetimeDays": 1e400}}';
    const { path, problems, column } = load("huge-number.json", text);
    expect(problems).toEqual([
      `${path}: policy.maxTokenLifetimeDays: the number 1e400 at line 1, column ` +
        `${column("1e400")} is too large to be read: it would become Infinity`,
    ]);
  });

  const sharded = (shards: string) =>
    `{"organization": {"name": "acme", "email": "f@example.com"}, ` +
    `"attendees": {"names": ["alice", "bob"], "shards": ${shards}}}`;

  it.each(["2.9999999999999999", "100.0000000000000001", "2.9999999999999999e0", "1e-400"])(
    "fails when a number's fraction is too small for a double and rounds away into a whole number: %s",
    (written) => {
      // GIVEN a count of shards written with a fraction that reading as a double would drop
      const text = sharded(written);
      // WHEN loaded
      const { path, problems, column } = load("rounded-number.json", text);
      // THEN it is refused, naming the field, the number as written, what it would become and what is allowed
      expect(problems).toEqual([
        `${path}: attendees.shards: the number ${written} at line 1, column ${column(written)} is not a whole ` +
          `number, but would be read as ${Number(written)}, its fraction rounded away; every number of the config ` +
          "must be a whole number",
      ]);
    },
  );

  it.each([
    ["3", 3],
    ["3.0", 3],
    ["30e-1", 3],
    ["1e2", 100],
    ["0.5e1", 5],
  ])("reads %s, a whole number however written, as %s", (written, shards) => {
    // GIVEN a count of shards written whole, with a point or an exponent or without
    // WHEN read as the config is
    const read = readJson(sharded(written));
    // THEN it is that number, and the config holding it is valid
    expect(read.ok && (read.value as { attendees: { shards: number } }).attendees.shards).toBe(shards);
    expect(read.ok && problemsOf(read.value)).toEqual([]);
  });

  it("reads a fraction that is no whole number as written, leaving it to the schema", () => {
    // GIVEN a count of shards of 2.5 WHEN loaded THEN the schema says what a count of shards is
    const { path, problems } = load("fraction.json", sharded("2.5"));
    expect(problems).toEqual([`${path}: attendees.shards: must be a whole number from 1 to 100, but 2.5 was provided`]);
  });

  it("names Infinity when a config not read from a file holds it", () => {
    expect(problemsOf({ organization, policy: { maxTokenLifetimeDays: Number.POSITIVE_INFINITY } })).toEqual([
      "policy.maxTokenLifetimeDays: must be a whole number of days from 1 to 3650, but Infinity was provided",
    ]);
  });
});
