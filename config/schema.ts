import { z } from "zod";
import { mustBe, showValue } from "./messages";

/** Terraform Cloud allows letters, digits, "-" and "_" in organization, workspace and team names. */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const NAME_RULE = 'letters, digits, "-" or "_"';
const MAX_WORKSPACE_NAME_LENGTH = 90;

/** Workspace tags are lower-cased by Terraform Cloud; accepting only that form avoids a perpetual diff. */
const TAG_PATTERN = /^[a-z0-9](?:[a-z0-9:_-]*[a-z0-9])?$/;

const VERSION = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;
const CONSTRAINT = String.raw`(?:~>|>=|<=|!=|>|<|=)?\s*\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?`;
const TERRAFORM_VERSION_PATTERN = new RegExp(String.raw`^(?:latest|${VERSION}|${CONSTRAINT}(?:\s*,\s*${CONSTRAINT})*)$`);

export const EXECUTION_MODES = ["local", "remote", "agent"] as const;
export const ACCESS_LEVELS = ["read", "plan", "write", "admin"] as const;

/** An object that refuses unknown keys, naming the keys it does know, so that a typo is never ignored. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.map((key) => showValue(key)).join(", ")} ${issue.keys.length > 1 ? "are not known fields" : "is not a known field"}; the fields here are ${known}`
        : mustBe("an object")(issue),
  });
}

function name(maxLength?: number) {
  const rule = `a name of ${maxLength === undefined ? "" : `at most ${maxLength} `}${NAME_RULE}`;
  const text = z.string({ error: mustBe(rule) }).regex(NAME_PATTERN, { error: mustBe(rule) });
  return maxLength === undefined ? text : text.max(maxLength, { error: mustBe(rule) });
}

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, what: string) {
  return z.enum(values, {
    error: (issue) => `${showValue(issue.input)} is not ${what}; use ${values.join(", ")}`,
  });
}

const flag = z.boolean({ error: mustBe("true or false") });

const RFC3339_EXAMPLE = '"2027-06-30T00:00:00Z"';


const organizationSchema = strictObject({
  name: name(),
  email: z.email({ error: mustBe("an email address such as facilitator@example.com") }),
  create: flag.default(true),
});

const workspaceSchema = strictObject({
  name: name(MAX_WORKSPACE_NAME_LENGTH),
  executionMode: oneOf(EXECUTION_MODES, "an execution mode").default("local"),
  agentPoolId: z
    .string({ error: mustBe('an agent pool id such as "apool-yoGUFz5zcRMMz53i"') })
    .regex(/^apool-[A-Za-z0-9]+$/, { error: mustBe('an agent pool id such as "apool-yoGUFz5zcRMMz53i"') })
    .optional(),
  description: z.string({ error: mustBe("a string") }).optional(),
  tags: z
    .array(
      z
        .string({ error: mustBe('a tag of lower-case letters, digits, ":", "-" or "_"') })
        .regex(TAG_PATTERN, { error: mustBe('a tag of lower-case letters, digits, ":", "-" or "_"') })
        .max(255, { error: mustBe("a tag of at most 255 characters") }),
      { error: mustBe("a list of tags") },
    )
    .optional(),
  terraformVersion: z
    .string({ error: mustBe('a Terraform version or constraint such as "1.11.4", "~> 1.11" or "latest"') })
    .regex(TERRAFORM_VERSION_PATTERN, {
      error: mustBe('a Terraform version or constraint such as "1.11.4", "~> 1.11" or "latest"'),
    })
    .optional(),
});

const permissionsSchema = strictObject({
  runs: oneOf(["read", "plan", "apply"], "a runs permission"),
  variables: oneOf(["none", "read", "write"], "a variables permission"),
  stateVersions: oneOf(["none", "read-outputs", "read", "write"], "a state versions permission"),
  sentinelMocks: oneOf(["none", "read"], "a sentinel mocks permission"),
  workspaceLocking: flag,
  runTasks: flag,
});

const accessSchema = z.union(
  [
    z.enum(ACCESS_LEVELS),
    permissionsSchema,
  ],
  {
    error: (issue) =>
      `${showValue(issue.input)} is not an access level; use ${ACCESS_LEVELS.join(", ")} or a permissions object`,
  },
);

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

const tokenSchema = strictObject({
  description: z
    .string({ error: mustBe("a non-empty description of who uses the token") })
    .regex(/\S/, { error: mustBe("a non-empty description of who uses the token") }),
  expiresAt: z.iso.datetime({ offset: true, error: mustBe(`an RFC 3339 date-time such as ${RFC3339_EXAMPLE}`) }),
});

const teamSchema = strictObject({
  name: name(),
  access: z.record(z.string(), accessSchema, { error: mustBe("an object of workspace name to access") }).default({}),
  organizationAccess: organizationAccessSchema.optional(),
  token: tokenSchema.optional(),
});

/** The shape of `workshop.config.json`; relations between its parts are checked by `checkRelations`. */
export const workshopConfigSchema = strictObject({
  organization: organizationSchema,
  workspaces: z
    .array(workspaceSchema, { error: mustBe("a list of workspaces") })
    .min(1, { error: () => "must list at least one workspace (leave it out for the default aws_workshop)" })
    .default([{ name: "aws_workshop", executionMode: "local" }]),
  teams: z.array(teamSchema, { error: mustBe("a list of teams") }).default([]),
});

export type WorkshopConfig = z.output<typeof workshopConfigSchema>;
export type OrganizationConfig = WorkshopConfig["organization"];
export type WorkspaceConfig = WorkshopConfig["workspaces"][number];
export type TeamConfig = WorkshopConfig["teams"][number];
export type TeamAccess = TeamConfig["access"][string];
export type WorkspacePermissions = Exclude<TeamAccess, string>;
export type OrganizationAccess = NonNullable<TeamConfig["organizationAccess"]>;
export type TokenConfig = NonNullable<TeamConfig["token"]>;
