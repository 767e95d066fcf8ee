import { z } from "zod";
import { looksLikeToken } from "../text/secrets";
import { characterProblem, mustBe, showValue } from "./messages";
import {
  MAX_PROJECT_DESCRIPTION_LENGTH,
  MAX_PROJECT_NAME_LENGTH,
  MAX_WORKSPACE_NAME_LENGTH,
  MIN_PROJECT_NAME_LENGTH,
  NAME_PATTERN,
  PROJECT_ID_PATTERN,
  PROJECT_NAME_PATTERN,
} from "../terraform-cloud/naming-rules";
import { HOSTNAME_RULE, isHostname } from "../terraform-cloud/hostname";
import { TEAM_VISIBILITIES } from "../terraform-cloud/team-settings";
import { ACCESS_LEVELS, EXECUTION_MODES } from "../terraform-cloud/workspace-settings";
import { DEFAULT_EXECUTION_MODE, MAX_ROOM_SHARDS } from "../workshop/defaults";

/** Workspace tags are lower-cased by Terraform Cloud; accepting only that form avoids a perpetual diff. */
const TAG_PATTERN = /^[a-z0-9](?:[a-z0-9:_-]*[a-z0-9])?$/;
const VERSION = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;
const CONSTRAINT = String.raw`(?:~>|>=|<=|!=|>|<|=)?\s*\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?`;
const TERRAFORM_VERSION_PATTERN = new RegExp(
  String.raw`^(?:latest|${VERSION}|${CONSTRAINT}(?:\s*,\s*${CONSTRAINT})*)$`,
);
const AGENT_POOL_PATTERN = /^apool-[A-Za-z0-9]+$/;
const MAX_DAYS = 3650;
const MIN_REASON_LENGTH = 10;
/**
 * The bound of every string of the config (the README's fields table says each). Terraform Cloud documents 90
 * characters for workspace names and nothing for the rest: these are ours, far above any real use, so that a
 * runaway value (a pasted file) is refused with one line before anything else reads it or writes it anywhere.
 * Every name is held to the workspace names' bound, since an attendee's name ends up in one.
 */
const MAX_NAME_LENGTH = MAX_WORKSPACE_NAME_LENGTH;
/** The longest address SMTP carries (RFC 5321's 256-octet path, without its angle brackets). */
const MAX_EMAIL_LENGTH = 254;
const MAX_TAG_LENGTH = 255;
const MAX_ID_LENGTH = 64;
const MAX_VERSION_LENGTH = 100;
const MAX_RULE_ID_LENGTH = 100;
const MAX_CONSTRUCT_PATH_LENGTH = 1000;
const MAX_SCHEMA_REFERENCE_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 1000;
const MAX_TOKEN_DESCRIPTION_LENGTH = 255;
const MAX_REASON_LENGTH = 500;
/** Far above the reissues of any one workshop, so that a typo (a date, a token pasted) is refused. */
const MAX_TOKEN_GENERATION = 999;

/** The zod option that phrases a failed check as "must be <expectation>, but <value> was provided". */
function expecting(expectation: string) {
  return { error: mustBe(expectation) };
}

/** An object that refuses unknown keys, naming the keys it does know, so that a typo is never ignored. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.map((key) => showValue(key)).join(", ")} ` +
          `${issue.keys.length > 1 ? "are not known fields" : "is not a known field"}; the fields ` +
          `here are ${known}`
        : mustBe("an object")(issue),
  });
}

/** What a config string that looks like a token is told: it is a secret in a file that is shared, committed, logged. */
const TOKEN_IN_CONFIG =
  "holds what looks like a Terraform Cloud token (not shown); a token has no place in " +
  "the config: remove it, and revoke it if the file was shared or committed";

/** Whether a string is within its bound and holds only text: only then do the checks after those two run. */
const textual = (value: string, max: number) => value.length <= max && characterProblem(value) === undefined;
/** Whether a string is text and no token: only then do the checks after those run. */
const plain = (value: string, max: number) => textual(value, max) && !looksLikeToken(value);

/**
 * A string of at most `max` characters without a character that is never text (control characters, lone
 * surrogates, non-characters), and without what looks like a token. A value refused for either gets that one line,
 * and no later check (a pattern, a minimum) runs over a runaway value. `bounded` says the bound when the expectation
 * does not; it is the field's description in the JSON Schema too, for editors and for the tests that read it. No
 * check aborts: zod reports a union through the one branch that did not abort, so an attendee's name is blamed as a
 * name.
 */
function boundedString(max: number, expectation: string, bounded = expectation) {
  return z
    .string(expecting(expectation))
    .max(max, {
      error: (issue) => `must be ${bounded}, but ${(issue.input as string).length} characters were provided`,
    })
    .refine((value) => value.length > max || characterProblem(value) === undefined, {
      error: (issue) => characterProblem(issue.input as string),
    })
    .refine((value) => !textual(value, max) || !looksLikeToken(value), { error: TOKEN_IN_CONFIG })
    .meta({ description: bounded });
}

/**
 * A bounded string that must match a pattern, described once for every way it can fail; the pattern is in the JSON
 * Schema.
 */
function text(pattern: RegExp, max: number, expectation: string, bounded = expectation) {
  return boundedString(max, expectation, bounded)
    .refine((value) => !plain(value, max) || pattern.test(value), expecting(expectation))
    .meta({ pattern: pattern.source });
}

function name() {
  return text(NAME_PATTERN, MAX_NAME_LENGTH, `a name of at most ${MAX_NAME_LENGTH} letters, digits, "-" or "_"`);
}

/**
 * Whether a value is a name that {@link name} takes as it is: within the bound and of the pattern's characters only,
 * which leave no room for a forbidden character or a token's mark, so that no check of it can fail.
 */
export const isPlainName = (value: unknown): value is string =>
  typeof value === "string" && value.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(value);

/** An email address, bounded before its pattern is matched. */
function email(example: string) {
  // The format, for editors; the pattern is zod's own email rule.
  return text(
    z.regexes.email,
    MAX_EMAIL_LENGTH,
    `an email address such as ${example}`,
    `an email address of at most ${MAX_EMAIL_LENGTH} characters`,
  ).meta({
    format: "email",
    pattern: z.regexes.email.source,
  });
}

/** A whole number from 1 to `max`, every way of missing it described by the same expectation. */
function wholeNumber(max: number, expectation: string) {
  return z
    .number(expecting(expectation))
    .int(expecting(expectation))
    .min(1, expecting(expectation))
    .max(max, expecting(expectation));
}

function wholeDays() {
  return wholeNumber(MAX_DAYS, `a whole number of days from 1 to ${MAX_DAYS}`);
}

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, what: string) {
  return z.enum(values, { error: (issue) => `${showValue(issue.input)} is not ${what}; use ${values.join(", ")}` });
}

const flag = z.boolean(expecting("true or false"));

/** Free text of at most `max` characters that says something. */
function freeText(max: number, what: string) {
  const expectation = `${what} (1 to ${max} characters)`;
  return boundedString(max, expectation).refine(
    (value) => !plain(value, max) || value.trim() !== "",
    expecting(expectation),
  );
}

/** The value schema of each map, for the JSON Schema: zod cannot describe a transform on its own. */
const MAP_VALUES = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A JSON object read as a Map from key to value. A Map, because config keys are names the user chose, and a
 * plain object would turn `__proto__` into its prototype (zod's record does) instead of an entry.
 */
function mapOf<Value extends z.ZodType>(value: Value, expectation: string) {
  const schema = z.unknown().transform((input, context) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      context.addIssue({ code: "custom", message: mustBe(expectation)({ input }), input });
      return z.NEVER;
    }
    // A config validated once holds Maps already; validating it again must give the same config.
    const entries =
      input instanceof Map
        ? [...(input as Map<unknown, unknown>)].map(([key, entry]) => [String(key), entry] as const)
        : Object.entries(input);
    const map = new Map<string, z.output<Value>>();
    for (const [key, entry] of entries) {
      const parsed = value.safeParse(entry);
      if (parsed.success) map.set(key, parsed.data);
      else
        for (const issue of parsed.error.issues)
          context.issues.push({
            ...issue,
            input: issue.input,
            path: [key, ...issue.path],
          } as (typeof context.issues)[number]);
    }
    return map;
  });
  MAP_VALUES.set(schema, value);
  return schema;
}

/** When a token expires: a fixed date, or a period after which the next apply rotates it (exactly one). */
const expiryFields = {
  expiresAt: z.iso
    .datetime({ offset: true, ...expecting('an RFC 3339 date-time such as "2027-06-30T00:00:00Z"') })
    .optional(),
  rotationDays: wholeDays().optional(),
};

const organizationSchema = strictObject({
  name: name(),
  email: email("facilitator@example.com"),
  create: flag.default(true),
  token: strictObject({
    ...expiryFields,
    replaceExisting: flag.optional(),
  }).optional(),
});

const workspaceSchema = strictObject({
  name: name(),
  executionMode: oneOf(EXECUTION_MODES, "an execution mode").default(DEFAULT_EXECUTION_MODE),
  agentPoolId: text(
    AGENT_POOL_PATTERN,
    MAX_ID_LENGTH,
    'an agent pool id such as "apool-yoGUFz5zcRMMz53i"',
    `an agent pool id of at most ${MAX_ID_LENGTH} characters`,
  ).optional(),
  description: freeText(MAX_DESCRIPTION_LENGTH, "a description").optional(),
  tags: z
    .array(
      text(
        TAG_PATTERN,
        MAX_TAG_LENGTH,
        `a tag of at most ${MAX_TAG_LENGTH} lower-case letters, digits, ":", "-" or "_"`,
      ),
      expecting("a list of tags"),
    )
    .optional(),
  terraformVersion: text(
    TERRAFORM_VERSION_PATTERN,
    MAX_VERSION_LENGTH,
    'a Terraform version or constraint such as "1.11.4", "~> 1.11" or "latest"',
    `a Terraform version or constraint of at most ${MAX_VERSION_LENGTH} characters`,
  ).optional(),
});

/** The workshop's own project; its name follows Terraform Cloud's project rule, which differs from the other names'. */
const projectSchema = strictObject({
  name: text(
    PROJECT_NAME_PATTERN,
    MAX_PROJECT_NAME_LENGTH,
    `a project name of ${MIN_PROJECT_NAME_LENGTH} to ${MAX_PROJECT_NAME_LENGTH} letters, ` +
      `digits, "_", "-" or spaces, neither starting nor ending with a space`,
  ),
  description: freeText(MAX_PROJECT_DESCRIPTION_LENGTH, "a description").optional(),
});

/** The tfe `tfe_team_access.permissions` block, in camelCase. */
const permissionsSchema = strictObject({
  runs: oneOf(["read", "plan", "apply"], "a runs permission"),
  variables: oneOf(["none", "read", "write"], "a variables permission"),
  stateVersions: oneOf(["none", "read-outputs", "read", "write"], "a state versions permission"),
  sentinelMocks: oneOf(["none", "read"], "a sentinel mocks permission"),
  workspaceLocking: flag,
  runTasks: flag,
});

const accessSchema = z.union([z.enum(ACCESS_LEVELS), permissionsSchema], {
  error: (issue) =>
    `${showValue(issue.input)} is not an access level; use ${ACCESS_LEVELS.join(", ")} or a permissions object`,
});

/** The tfe `organization_access` flags, in camelCase. */
const organizationAccessSchema = strictObject({
  readWorkspaces: flag.optional(),
  readProjects: flag.optional(),
  manageWorkspaces: flag.optional(),
  manageProjects: flag.optional(),
  managePolicies: flag.optional(),
  managePolicyOverrides: flag.optional(),
  manageRunTasks: flag.optional(),
  manageVcsSettings: flag.optional(),
  manageProviders: flag.optional(),
  manageModules: flag.optional(),
  manageMembership: flag.optional(),
  manageTeams: flag.optional(),
  manageOrganizationAccess: flag.optional(),
  manageAgentPools: flag.optional(),
  accessSecretTeams: flag.optional(),
});

const teamSchema = strictObject({
  name: name(),
  access: mapOf(accessSchema, "an object of workspace name to access").default(() => new Map()),
  organizationAccess: organizationAccessSchema.optional(),
  visibility: oneOf(TEAM_VISIBILITIES, "a team visibility").optional(),
  allowMemberTokenManagement: flag.optional(),
  token: strictObject({
    description: freeText(MAX_TOKEN_DESCRIPTION_LENGTH, "a description of who uses the token"),
    ...expiryFields,
  }).optional(),
});

/** Which of an attendee's tokens is the live one: raising it replaces that token, and nothing else. */
function tokenGeneration() {
  const expectation = `a whole number from 1 to ${MAX_TOKEN_GENERATION}`;
  return z
    .number(expecting(expectation))
    .int(expecting(expectation))
    .min(1, expecting(expectation))
    .max(MAX_TOKEN_GENERATION, expecting(expectation));
}

const attendeeSchema = z.union(
  [
    name(),
    strictObject({
      name: name(),
      email: email("alice@example.com").optional(),
      tokenGeneration: tokenGeneration().optional(),
    }),
  ],
  {
    error: (issue) =>
      `${showValue(issue.input)} is not an attendee; use a name of letters, digits, "-" ` +
      `or "_", or { "name": ..., "email": ..., "tokenGeneration": ... }`,
  },
);
const attendeeListSchema = z.array(attendeeSchema, expecting("a list of attendee names"));

/** Per-attendee environments: a bare list of names, or the names with settings shared by every attendee. */
const attendeesSchema = z.union(
  [
    attendeeListSchema,
    strictObject({
      names: attendeeListSchema,
      workspacePrefix: text(
        /^[A-Za-z0-9_-]*$/,
        MAX_NAME_LENGTH,
        `a workspace name prefix of at most ${MAX_NAME_LENGTH} letters, digits, "-" or "_"`,
      ).optional(),
      access: accessSchema.optional(),
      token: strictObject(expiryFields).optional(),
      /**
       * How many stacks, each with a state of its own, the attendees' rooms are split into; absent: one stack for all.
       */
      shards: wholeNumber(MAX_ROOM_SHARDS, `a whole number from 1 to ${MAX_ROOM_SHARDS}`).optional(),
      /** The room was deployed as one stack: each shard imports its attendees' objects, the one stack forgets them. */
      migrateFromOneStack: flag.optional(),
      /**
       * The room was deployed in this many shards: each attendee whose stack changes is imported by their new stack and
       * forgotten by their old one.
       */
      migrateFromShards: wholeNumber(MAX_ROOM_SHARDS, `a whole number from 1 to ${MAX_ROOM_SHARDS}`).optional(),
    }),
  ],
  {
    error: (issue) =>
      `must be a list of attendee names or { "names": [...], ... }, but ${showValue(issue.input)} was provided`,
  },
);

/** The event the room is for: when it ends, and whether it has, which ends the attendees' access. */
const eventSchema = strictObject({
  endsAt: z.iso
    .datetime({ offset: true, ...expecting('an RFC 3339 date-time such as "2026-12-04T17:00:00Z"') })
    .optional(),
  ended: flag.optional(),
});

const acknowledgementSchema = strictObject({
  // Which ids exist is the policy's to say: the pipeline checks them against the rules it runs.
  rule: text(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    MAX_RULE_ID_LENGTH,
    'a policy rule id such as "admin-workspace-access"',
    `a policy rule id of at most ${MAX_RULE_ID_LENGTH} characters`,
  ),
  resource: text(
    /^\S+$/,
    MAX_CONSTRUCT_PATH_LENGTH,
    'a construct path as printed in the finding, such as "aws-workshop/team-ci/access-aws_workshop"',
    `a construct path of at most ${MAX_CONSTRUCT_PATH_LENGTH} characters`,
  ),
  reason: boundedString(
    MAX_REASON_LENGTH,
    `a reason of ${MIN_REASON_LENGTH} to ${MAX_REASON_LENGTH} characters`,
  ).refine(
    (reason) => !plain(reason, MAX_REASON_LENGTH) || reason.trim().length >= MIN_REASON_LENGTH,
    expecting(`a reason of ${MIN_REASON_LENGTH} to ${MAX_REASON_LENGTH} characters`),
  ),
});

/** The shape of `workshop.config.json`; relations between its parts are checked by `checkRelations`. */
export const workshopConfigSchema = strictObject({
  /** Where editors find the JSON Schema of this file; the synth ignores it. */
  $schema: boundedString(
    MAX_SCHEMA_REFERENCE_LENGTH,
    "the path or URL of the config's JSON Schema",
    `a path or URL of at most ${MAX_SCHEMA_REFERENCE_LENGTH} characters`,
  ).optional(),
  organization: organizationSchema,
  project: projectSchema.optional(),
  workspaces: z
    .array(workspaceSchema, expecting("a list of workspaces"))
    .min(1, { error: () => "must list at least one workspace (leave it out for the default aws_workshop)" })
    .default([{ name: "aws_workshop", executionMode: DEFAULT_EXECUTION_MODE }]),
  teams: z.array(teamSchema, expecting("a list of teams")).default([]),
  attendees: attendeesSchema.default([]),
  event: eventSchema.optional(),
  import: strictObject({
    organization: flag.default(false),
    project: text(
      PROJECT_ID_PATTERN,
      MAX_ID_LENGTH,
      'a project id such as "prj-niVoeESBXT8ZREhr"',
      `a project id of at most ${MAX_ID_LENGTH} characters`,
    ).optional(),
    workspaces: z.array(name(), expecting("a list of workspace names")).default([]),
    teams: z.array(name(), expecting("a list of team names")).default([]),
    teamAccess: mapOf(
      mapOf(
        text(
          /^tws-[A-Za-z0-9]+$/,
          MAX_ID_LENGTH,
          'a team access id such as "tws-8S5wnRbRpogw6apb"',
          `a team access id of at most ${MAX_ID_LENGTH} characters`,
        ),
        "an object of workspace name to team access id",
      ),
      "an object of team name to { workspace name: team access id }",
    ).default(() => new Map()),
  }).optional(),
  state: strictObject({
    organization: name(),
    workspace: name(),
    hostname: z.string(expecting(HOSTNAME_RULE)).refine(isHostname, expecting(HOSTNAME_RULE)).optional(),
  }).optional(),
  /** Workspaces the config removes that may be deleted with their state history: a decision preflight asks for. */
  deleteWithState: z.array(name(), expecting("a list of workspace names")).default([]),
  policy: strictObject({ maxTokenLifetimeDays: wholeDays().optional() }).default({}),
  acknowledge: z.array(acknowledgementSchema, expecting("a list of acknowledgements")).default([]),
});

export type WorkshopConfig = z.output<typeof workshopConfigSchema>;
type TeamConfig = WorkshopConfig["teams"][number];
export type WorkspaceAccess = TeamConfig["access"] extends ReadonlyMap<string, infer Access> ? Access : never;
/** Exactly one of the two is set once the config is valid. */
export type TokenExpiryConfig = Pick<NonNullable<TeamConfig["token"]>, "expiresAt" | "rotationDays">;

/**
 * The JSON Schema of the config file, for editors: what a user may write (defaults are optional), with each
 * map described by its values.
 */
export function configJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(workshopConfigSchema);
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const value = MAP_VALUES.get(zodSchema as unknown as z.ZodType);
      if (value === undefined) return;
      const { $schema: _, ...values } = jsonSchemaOf(value);
      Object.assign(jsonSchema, { type: "object", additionalProperties: values });
    },
  });
}
