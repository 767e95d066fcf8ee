import {
  attendeeEntries,
  attendeeRoom,
  createdTeamNames,
  createdWorkspaceNames,
  entryName,
  type AttendeeEnvironment,
} from "./attendees";
import { formatPath, problemLine, showValue } from "./messages";
import { withFix } from "../text/fix";
import type { TokenExpiryConfig, WorkshopConfig } from "./schema";
import { MAX_WORKSPACE_NAME_LENGTH, nameKey, OWNERS_TEAM } from "../terraform-cloud/naming-rules";
import { ONE_STACK_MOST_ATTENDEES, shardName } from "../workshop/defaults";

/** A name taken by one part of the config, spelled out only for a clash. */
interface Claim {
  /** Where a clash is reported. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** The part that holds the name, as a later clash refers to it. */
  readonly owner: ReadonlyArray<PropertyKey>;
  /** How a clash names the value: the name itself, or what generated it. */
  readonly shown: string;
}

/**
 * The names one part of the config takes, in its order: a room's thousands are read as they are, and made a
 * {@link Claim} only when they clash.
 */
interface Claims {
  readonly count: number;
  readonly name: (index: number) => string;
  readonly claim: (index: number) => Claim;
}

function claims<T>(items: readonly T[], name: (item: T) => string, claim: (item: T, index: number) => Claim): Claims {
  return { count: items.length, name: (index) => name(items[index]!), claim: (index) => claim(items[index]!, index) };
}

/**
 * Terraform Cloud treats names that differ only in case as the same name, so two such claims would collide
 * at deploy time; refuse every later claim and point at the first one.
 */
function clashes(parts: readonly Claims[]): string[] {
  // Where each name was first taken, counted across the parts in their order.
  const firstAt = new Map<string, number>();
  const claimAt = (position: number): Claim => {
    let index = position;
    for (const part of parts) {
      if (index < part.count) return part.claim(index);
      index -= part.count;
    }
    throw new RangeError(`no claim at ${position}`);
  };
  const problems: string[] = [];
  let position = 0;
  for (const part of parts)
    for (let index = 0; index < part.count; index++, position++) {
      const key = nameKey(part.name(index));
      const first = firstAt.get(key);
      if (first === undefined) {
        firstAt.set(key, position);
        continue;
      }
      const claim = part.claim(index);
      problems.push(
        problemLine(
          claim.path,
          `${claim.shown} is already used by ${formatPath(claimAt(first).owner)}; names must be unique`,
        ),
      );
    }
  return problems;
}

function declared(list: ReadonlyArray<{ readonly name: string }>, field: string): Claims {
  return claims(
    list,
    (item) => item.name,
    (item, index) => ({ path: [field, index, "name"], owner: [field, index], shown: showValue(item.name) }),
  );
}

function generated(attendees: readonly AttendeeEnvironment[], kind: "workspace" | "team"): Claims {
  return claims(
    attendees,
    (attendee) => attendee.workspaceName,
    (attendee) => ({
      path: attendee.path,
      owner: attendee.path,
      shown: `${kind} ${showValue(attendee.workspaceName)} of attendee ${showValue(attendee.name)}`,
    }),
  );
}

/**
 * A token expires either on a date or by rotation, never both, never neither. A date that has passed is no problem
 * of the config: after the workshop it always has, and the teardown reads the same config (see expiryWarnings).
 */
function expiryProblems(path: ReadonlyArray<PropertyKey>, expiry: TokenExpiryConfig): string[] {
  if (expiry.expiresAt !== undefined && expiry.rotationDays !== undefined) {
    return [problemLine(path, "has both expiresAt and rotationDays; keep one")];
  }
  if (expiry.expiresAt === undefined && expiry.rotationDays === undefined) {
    return [
      problemLine(
        path,
        "must expire: set expiresAt (an RFC 3339 date-time such as " +
          '"2027-06-30T00:00:00Z") or rotationDays (a number of days)',
      ),
    ];
  }
  return [];
}

/** Every token expiry of the config, with its place. */
function tokenExpiries(
  config: WorkshopConfig,
): Array<{ readonly path: ReadonlyArray<PropertyKey>; readonly expiry: TokenExpiryConfig }> {
  const shared = Array.isArray(config.attendees) ? undefined : config.attendees;
  return [
    ...(config.organization.token === undefined
      ? []
      : [{ path: ["organization", "token"], expiry: config.organization.token }]),
    ...config.teams.flatMap((team, index) =>
      team.token === undefined ? [] : [{ path: ["teams", index, "token"], expiry: team.token }],
    ),
    ...(shared?.token === undefined ? [] : [{ path: ["attendees", "token"], expiry: shared.token }]),
  ];
}

/**
 * One line for each expiresAt that has passed at `now`: the config is still read by every command (status, the
 * teardown), and only a deploy that would create the token with that date is stopped, by preflight.
 */
export function expiryWarnings(config: WorkshopConfig, now: Date): string[] {
  return tokenExpiries(config).flatMap(({ path, expiry }) =>
    expiry.expiresAt !== undefined && Date.parse(expiry.expiresAt) <= now.getTime()
      ? [
          withFix(
            "warning " +
              problemLine(
                [...path, "expiresAt"],
                `${showValue(expiry.expiresAt)} has passed, so the token has expired; ` +
                  "preflight stops a deploy that would create it with that date",
              ),
            "give a later date to create it again; status, verify, handout and the teardown need none",
          ),
        ]
      : [],
  );
}

/**
 * A note when `shards` splits a room one stack holds well: not a problem, since a deployed room keeps its shards
 * until it is moved, but each shard adds a state and a plan for little gain. None for a room of no names: that is a
 * sharded room's teardown, which keeps its shards so that each shard's deploy removes its rooms.
 */
export function shardingNotes(config: WorkshopConfig): string[] {
  const room = Array.isArray(config.attendees) ? undefined : config.attendees;
  if (room?.shards === undefined || room.names.length === 0 || room.names.length > ONE_STACK_MOST_ATTENDEES) return [];
  return [
    withFix(
      "note " +
        problemLine(
          ["attendees", "shards"],
          `${room.shards} for a room of ${room.names.length}: one stack suffices for ${ONE_STACK_MOST_ATTENDEES} ` +
            "attendees or fewer, and each shard adds a state to keep (docs/large-rooms.md, When to shard)",
        ),
      "leave shards out before the first deploy; a deployed room keeps them, or moves with " +
        "attendees.migrateFromShards",
    ),
  ];
}

function workspaceProblems(config: Pick<WorkshopConfig, "workspaces">): string[] {
  return config.workspaces.flatMap((workspace, index) => {
    if (workspace.executionMode === "agent" && workspace.agentPoolId === undefined) {
      return [
        problemLine(
          ["workspaces", index, "agentPoolId"],
          'is required when executionMode is "agent": name the agent pool that runs this workspace',
        ),
      ];
    }
    if (workspace.executionMode !== "agent" && workspace.agentPoolId !== undefined) {
      return [
        problemLine(
          ["workspaces", index, "agentPoolId"],
          `is only allowed when executionMode is "agent", but executionMode is ${showValue(workspace.executionMode)}`,
        ),
      ];
    }
    return [];
  });
}

function teamProblems(config: Pick<WorkshopConfig, "teams" | "workspaces">): string[] {
  const declaredWorkspaces = new Set(config.workspaces.map((workspace) => workspace.name));
  const declaredList = [...declaredWorkspaces].join(", ");
  return config.teams.flatMap((team, index) => {
    const problems: string[] = [];
    const isOwners = nameKey(team.name) === OWNERS_TEAM;
    if (isOwners && team.token !== undefined) {
      problems.push(
        problemLine(
          ["teams", index, "token"],
          'is refused for the built-in "owners" team: its token carries every ' +
            "organization-owner permission; give the token to a team with only the access it " +
            "needs",
        ),
      );
    } else if (isOwners) {
      problems.push(
        problemLine(
          ["teams", index, "name"],
          '"owners" is the built-in team every organization already has and cannot be created; choose another name',
        ),
      );
    }
    for (const workspaceName of team.access.keys()) {
      if (!declaredWorkspaces.has(workspaceName)) {
        problems.push(
          problemLine(
            ["teams", index, "access", workspaceName],
            `workspace ${showValue(workspaceName)} is not declared in workspaces; declared: ${declaredList}`,
          ),
        );
      }
    }
    if (team.token !== undefined) problems.push(...expiryProblems(["teams", index, "token"], team.token));
    return problems;
  });
}

/** The attendees' names and emails, each unique, and their shared token's expiry: none of it reads the workspaces. */
function attendeeEntryProblems(config: Pick<WorkshopConfig, "attendees">): string[] {
  // Read from the entries as listed: the names, emails and places of the attendees are the same whatever the
  // workspaces, which only prefix their workspaces.
  const { entries, path } = attendeeEntries(config.attendees);
  const shared = Array.isArray(config.attendees) ? undefined : config.attendees;
  const invited = entries.flatMap((entry, index) =>
    typeof entry === "string" || entry.email === undefined ? [] : [{ email: entry.email, at: [...path, index] }],
  );
  return [
    ...clashes([
      claims(entries, entryName, (entry, index) => ({
        path: [...path, index],
        owner: [...path, index],
        shown: showValue(entryName(entry)),
      })),
    ]),
    ...clashes([
      claims(
        invited,
        (attendee) => attendee.email,
        (attendee) => ({ path: [...attendee.at, "email"], owner: attendee.at, shown: showValue(attendee.email) }),
      ),
    ]),
    ...(shared?.token === undefined ? [] : expiryProblems(["attendees", "token"], shared.token)),
  ];
}

/** The workspace and team each attendee gets: a name Terraform Cloud takes, and never the built-in owners team. */
function attendeeWorkspaceProblems(config: Pick<WorkshopConfig, "attendees" | "workspaces">): string[] {
  const attendees = attendeeRoom(config).environments;
  const tooLong = attendees
    .filter((attendee) => attendee.workspaceName.length > MAX_WORKSPACE_NAME_LENGTH)
    .map((attendee) =>
      problemLine(
        attendee.path,
        "its workspace name, attendees.workspacePrefix and the name together, is " +
          `${attendee.workspaceName.length} characters; workspace names are at most ` +
          `${MAX_WORKSPACE_NAME_LENGTH}`,
      ),
    );
  const owners = attendees
    .filter((attendee) => nameKey(attendee.workspaceName) === OWNERS_TEAM)
    .map((attendee) =>
      problemLine(
        attendee.path,
        `team ${showValue(attendee.workspaceName)} of attendee ` +
          `${showValue(attendee.name)} would be the built-in owners team, whose token ` +
          "carries every organization-owner permission; change the name or " +
          "attendees.workspacePrefix",
      ),
    );
  return [...tooLong, ...owners];
}

/** What is imported must be something this config creates: Terraform imports into resources it manages. */
function importProblems(
  config: Pick<WorkshopConfig, "import" | "organization" | "project" | "workspaces" | "teams" | "attendees">,
): string[] {
  const attendees = attendeeRoom(config).environments;
  const section = config.import;
  if (section === undefined) return [];
  const problems: string[] = [];
  if (section.organization && !config.organization.create) {
    problems.push(
      problemLine(
        ["import", "organization"],
        "is only for an organization this config creates; with organization.create " +
          "false it is looked up, not managed, so there is nothing to import",
      ),
    );
  }
  if (section.project !== undefined && config.project === undefined) {
    problems.push(
      problemLine(
        ["import", "project"],
        'is only for the project this config creates; add "project": { ' +
          '"name": ... } to adopt it, or remove import.project',
      ),
    );
  }
  const workspaces = new Set(createdWorkspaceNames(config));
  const teams = new Set(createdTeamNames(config));
  section.workspaces.forEach((name, index) => {
    if (!workspaces.has(name))
      problems.push(
        problemLine(
          ["import", "workspaces", index],
          `workspace ${showValue(name)} is not one this config creates; it creates ${[...workspaces].join(", ")}`,
        ),
      );
  });
  section.teams.forEach((name, index) => {
    if (!teams.has(name))
      problems.push(problemLine(["import", "teams", index], `team ${showValue(name)} is not one this config creates`));
  });
  for (const [team, accesses] of section.teamAccess) {
    const declared = config.teams.find((candidate) => candidate.name === team);
    const attendee = attendees.find((candidate) => candidate.workspaceName === team);
    for (const workspace of accesses.keys()) {
      const granted = declared !== undefined ? declared.access.has(workspace) : attendee?.workspaceName === workspace;
      if (!granted)
        problems.push(
          problemLine(
            ["import", "teamAccess", team, workspace],
            `team ${showValue(team)} is not granted access to workspace ${showValue(workspace)} in this config`,
          ),
        );
    }
  }
  return problems;
}

/** `deleteWithState` names workspaces the config removes: one it still creates would be deleted by nothing. */
function deleteWithStateProblems(
  config: Pick<WorkshopConfig, "deleteWithState" | "workspaces" | "attendees">,
): string[] {
  if (config.deleteWithState.length === 0) return [];
  const created = new Set(createdWorkspaceNames(config));
  return config.deleteWithState.flatMap((name, index) =>
    created.has(name)
      ? [
          problemLine(
            ["deleteWithState", index],
            `workspace ${showValue(name)} is still created by this config; ` +
              "deleteWithState is only for workspaces the config removes",
          ),
        ]
      : [],
  );
}

/**
 * Terraform Cloud keeps one organization token: on an organization that exists, creating one fails while
 * another exists, and replacing it (force_regenerate) revokes the old one for whoever holds it. That must
 * be a decision, so it is refused unless the config says so.
 */
function organizationTokenProblems(config: Pick<WorkshopConfig, "organization" | "import">): string[] {
  const token = config.organization.token;
  if (token === undefined) return [];
  const exists = !config.organization.create || config.import?.organization === true;
  const how = config.organization.create ? "import.organization is true" : "organization.create is false";
  if (exists && token.replaceExisting !== true) {
    return [
      problemLine(
        ["organization", "token"],
        `the organization exists already (${how}) and may have an organization token, ` +
          "which this one would have to replace, revoking it for whoever holds it; set " +
          `"replaceExisting": true to replace it, or remove organization.token`,
      ),
    ];
  }
  if (!exists && token.replaceExisting !== undefined) {
    return [
      problemLine(
        ["organization", "token", "replaceExisting"],
        "is only for an organization that exists already (organization.create false, or " +
          "import.organization true); a new organization has no token to replace",
      ),
    ];
  }
  return [];
}

/** Each shard keeps its state in a workspace of its own, named from the state workspace: that name must fit too. */
function shardStateProblems(config: Pick<WorkshopConfig, "state" | "attendees" | "workspaces">): string[] {
  const room = attendeeRoom(config);
  // While a room moves out of more shards, those keep their state in such workspaces too.
  const [field, shards] =
    (room.migrateFromShards ?? 0) > (room.shards ?? 0)
      ? ["migrateFromShards", room.migrateFromShards]
      : ["shards", room.shards];
  if (config.state === undefined || shards === undefined) return [];
  const longest = shardName(config.state.workspace, shards);
  if (longest.length <= MAX_WORKSPACE_NAME_LENGTH) return [];
  return [
    problemLine(
      ["state", "workspace"],
      `with attendees.${field} ${shards}, the shards keep their state in workspaces named after it, up ` +
        `to ${showValue(longest.slice(config.state.workspace.length))} added, ${longest.length} ` +
        `characters; workspace names are at most ${MAX_WORKSPACE_NAME_LENGTH}, so shorten it`,
    ),
  ];
}

/**
 * A stack's state kept in the workshop's own organization must not be one of the workspaces the stacks make: the
 * stack would manage the workspace holding its own state, and removing that attendee or workspace would plan deleting
 * it. With shards every shard's state workspace counts, as many as the room is or was deployed in.
 */
function stateWorkspaceProblems(
  config: Pick<WorkshopConfig, "state" | "organization" | "attendees" | "workspaces">,
): string[] {
  const { state } = config;
  // A state on a host of its own is another organization, whatever its name; the config does not say which host the
  // workshop's organization is on (TFE_HOSTNAME does), so only a state on the default host is compared.
  if (state === undefined || state.hostname !== undefined) return [];
  if (nameKey(state.organization) !== nameKey(config.organization.name)) return [];
  const room = attendeeRoom(config);
  const shards = Math.max(room.shards ?? 0, room.migrateFromShards ?? 0);
  const stateWorkspaces = new Map([[nameKey(state.workspace), { name: state.workspace, stack: "the shared stack" }]]);
  for (let shard = 1; shard <= shards; shard++) {
    const name = shardName(state.workspace, shard);
    stateWorkspaces.set(nameKey(name), { name, stack: `shard ${shard}` });
  }
  const made = [
    ...config.workspaces.map((workspace, index) => ({ name: workspace.name, by: formatPath(["workspaces", index]) })),
    ...room.environments.map((attendee) => ({
      name: attendee.workspaceName,
      by: `attendee ${showValue(attendee.name)}`,
    })),
  ];
  return made.flatMap(({ name, by }) => {
    const holder = stateWorkspaces.get(nameKey(name));
    return holder === undefined
      ? []
      : [
          problemLine(
            ["state", "workspace"],
            `${holder.stack} keeps its state in workspace ${showValue(holder.name)}, which the config also makes ` +
              `(${by}); a stack must not manage the workspace of its own state, so choose another state.workspace`,
          ),
        ];
  });
}

/**
 * A migration moves a room from where it was deployed to where the config puts it: from one stack into shards, or
 * from a count of shards into another count or into one stack; never from two places, and never to where it is.
 */
function migrationProblems(config: Pick<WorkshopConfig, "attendees" | "workspaces">): string[] {
  const { shards, migrateFromOneStack, migrateFromShards } = attendeeRoom(config);
  if (migrateFromShards !== undefined && migrateFromOneStack)
    return [
      problemLine(
        ["attendees", "migrateFromShards"],
        "moves a room deployed in shards, and attendees.migrateFromOneStack one deployed as one " +
          "stack; the room was deployed one way, so keep only the one that says how",
      ),
    ];
  if (migrateFromShards !== undefined && migrateFromShards === shards)
    return [
      problemLine(
        ["attendees", "migrateFromShards"],
        `says the room was deployed in ${migrateFromShards} shards, as many as ` +
          "attendees.shards keeps, so no room moves; leave it out",
      ),
    ];
  if (!migrateFromOneStack || shards !== undefined) return [];
  return [
    problemLine(
      ["attendees", "migrateFromOneStack"],
      "moves a room deployed as one stack into its shards, so it needs attendees.shards; without shards, leave it out",
    ),
  ];
}

/** The distinct attendees of each expanded room, which the workspaces' and the teams' clashes both read. */
const distinctOf = new WeakMap<readonly AttendeeEnvironment[], readonly AttendeeEnvironment[]>();

/** Each attendee once, by name without case: a repeated name is reported once, as a clash of names. */
function distinctAttendees(config: Pick<WorkshopConfig, "attendees" | "workspaces">): readonly AttendeeEnvironment[] {
  const environments = attendeeRoom(config).environments;
  let distinct = distinctOf.get(environments);
  if (distinct === undefined) {
    const seen = new Set<string>();
    distinct = environments.filter((attendee) => {
      const key = nameKey(attendee.name);
      return !seen.has(key) && seen.add(key) !== undefined;
    });
    distinctOf.set(environments, distinct);
  }
  return distinct;
}

/** A relation between parts of the config (its top-level fields), checked when every part it reads is valid. */
interface Relation {
  readonly reads: ReadonlyArray<keyof WorkshopConfig>;
  readonly problems: (config: WorkshopConfig) => string[];
}

/** A relation that is given only the parts it says it reads, so that it can be checked beside a refused part. */
const relation = <const Part extends keyof WorkshopConfig>(
  reads: readonly Part[],
  problems: (config: Pick<WorkshopConfig, Part>) => string[],
): Relation => ({ reads, problems });

/** Every relation, in the order its problems are reported. */
const RELATIONS: readonly Relation[] = [
  relation(["organization"], ({ organization }) =>
    organization.token === undefined ? [] : expiryProblems(["organization", "token"], organization.token),
  ),
  relation(["organization", "import"], organizationTokenProblems),
  relation(["workspaces", "attendees"], (config) =>
    clashes([declared(config.workspaces, "workspaces"), generated(distinctAttendees(config), "workspace")]),
  ),
  relation(["workspaces"], workspaceProblems),
  relation(["teams", "workspaces", "attendees"], (config) =>
    clashes([declared(config.teams, "teams"), generated(distinctAttendees(config), "team")]),
  ),
  relation(["teams", "workspaces"], teamProblems),
  relation(["attendees"], attendeeEntryProblems),
  relation(["attendees", "workspaces"], attendeeWorkspaceProblems),
  relation(["import", "organization", "project", "workspaces", "teams", "attendees"], importProblems),
  relation(["deleteWithState", "workspaces", "attendees"], deleteWithStateProblems),
  relation(["state", "attendees", "workspaces"], shardStateProblems),
  relation(["state", "organization", "attendees", "workspaces"], stateWorkspaceProblems),
  relation(["attendees", "workspaces"], migrationProblems),
];

/** The ids of the policy's rules: which exist is the policy's to say, and the config layer does not know the policy. */
export type PolicyRuleIds = readonly string[];

/** Each acknowledgement names a rule the policy has, offered all of them, in order. */
function acknowledgementProblems(config: Pick<WorkshopConfig, "acknowledge">, rules: PolicyRuleIds): string[] {
  const known = [...rules].sort();
  return config.acknowledge.flatMap((acknowledgement, index) =>
    known.includes(acknowledgement.rule)
      ? []
      : [
          problemLine(
            ["acknowledge", index, "rule"],
            `${showValue(acknowledgement.rule)} is not a policy rule; use ${known.join(", ")}`,
          ),
        ],
  );
}

/**
 * Checks what the schema cannot see field by field: uniqueness, references between parts and, given the
 * policy's rules, what the acknowledgements name. Of a config the schema refused, it is given the parts valid on
 * their own and checks each relation between those, so that every mistake of a file is reported in one round.
 */
export function checkRelations(
  config: Partial<WorkshopConfig>,
  refused: ReadonlySet<PropertyKey> = new Set(),
  rules?: PolicyRuleIds,
): string[] {
  // A relation runs only over parts that are not refused, which are all there: the cast is what that check establishes.
  const checks =
    rules === undefined
      ? RELATIONS
      : [...RELATIONS, relation(["acknowledge"], (parts) => acknowledgementProblems(parts, rules))];
  return checks.flatMap((check) =>
    check.reads.some((part) => refused.has(part)) ? [] : check.problems(config as WorkshopConfig),
  );
}
