/**
 * The model the stand-in of Terraform Cloud answers from: organizations, workspaces, teams and their access, tokens,
 * memberships and state, each as a test or the rehearsal seeds it.
 */

export type Level = "read" | "plan" | "write" | "admin";

/** Custom workspace permissions of a team, as `tfe_team_access.permissions` gives them. */
export interface CustomPermissions {
  readonly runs: "read" | "plan" | "apply";
  readonly stateVersions: "none" | "read-outputs" | "read" | "write";
  readonly workspaceLocking: boolean;
}

export interface StandInWorkspace {
  readonly id: string;
  readonly name: string;
  /**
   * Its own execution mode (`setting-overwrites.execution-mode` true).
   * @default its project's default, the organization's (remote) when the project sets none
   */
  readonly executionMode?: string;
  /** How many resources its current state holds. */
  readonly resourceCount?: number;
  /** When its current state version was created; none: no state yet. */
  readonly stateAt?: string;
  /** The current state version's file, served at its download address. */
  readonly state?: string;
  readonly projectId?: string;
}

export interface StandInTeam {
  readonly id: string;
  readonly name: string;
  /** Workspace name to the team's access. */
  readonly access?: Readonly<Record<string, Level | CustomPermissions>>;
  /** Organization permissions that show the team every workspace, as the teams API names them. */
  readonly organizationAccess?: {
    readonly "read-workspaces"?: boolean;
    readonly "manage-workspaces"?: boolean;
    readonly "manage-projects"?: boolean;
    readonly "manage-agent-pools"?: boolean;
  };
}

export interface StandInTeamToken {
  readonly id: string;
  readonly teamId: string;
  /** Null for a legacy token, the only kind the docs of Terraform Enterprise's releases show. */
  readonly description: string | null;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly expiredAt?: string;
}

export interface StandInOrganization {
  readonly name: string;
  /** Whether the plan has the teams entitlement. */
  readonly teams?: boolean;
  /** Whether it has an organization token. */
  readonly organizationToken?: boolean;
  readonly workspaces?: readonly StandInWorkspace[];
  readonly teamList?: readonly StandInTeam[];
  /**
   * Each membership's email, answered as its included user's (the only email the documented answers show), and its id
   * (`ou-<index>` unless given).
   */
  readonly memberships?: ReadonlyArray<{
    readonly id?: string;
    readonly email: string;
    readonly status: "invited" | "active";
  }>;
  readonly teamTokens?: readonly StandInTeamToken[];
  readonly projects?: readonly StandInProject[];
}

export interface StandInProject {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** After how long without activity its workspaces get an auto-destroy run: `14d`, `24h`. */
  readonly autoDestroyActivityDuration?: string;
  /**
   * The execution mode its workspaces fall back to, set on the project (tfe_project_settings).
   * @default none set: the organization's, remote
   */
  readonly defaultExecutionMode?: "local" | "remote" | "agent";
}

/** Who a token authenticates as: a user (owner of the organizations listed), a team, or an organization. */
export type StandInIdentity = (
  | { readonly kind: "user"; readonly username: string; readonly owns: readonly string[] }
  | {
      readonly kind: "team";
      readonly organization: string;
      readonly teamId: string;
      /**
       * The team token it is, in the organization's `teamTokens`: a request it authenticates sets that token's
       * `last-used-at`, as Terraform Cloud records a token's use.
       * @default none: no token's `last-used-at` moves
       */
      readonly tokenId?: string;
    }
  | { readonly kind: "organization"; readonly organization: string }
) & {
  /**
   * When the token expires: from then on it is answered 401 with an error object, as the API documentation says of
   * every invalid token (api-docs/index.mdx, Authentication).
   * @default never
   */
  readonly expiredAt?: string;
};

/** `stall` sends the start of the body and waits; `cut` sends it and closes the connection. */
export type Reply = {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
  readonly stall?: boolean;
  readonly cut?: boolean;
};
/** A fault for a path: a reply that replaces the model's, or undefined to let the model answer. */
export type Fault = (hit: number) => Reply | undefined;

export interface StandInOptions {
  readonly organizations: readonly StandInOrganization[];
  readonly tokens: ReadonlyMap<string, StandInIdentity>;
  readonly faults?: Readonly<Record<string, Fault>>;
  /**
   * The clock a token's expiry is read against.
   * @default the system's
   */
  readonly now?: () => Date;
  /**
   * The port to listen on.
   * @default 0: a free one
   */
  readonly port?: number;
}

export interface StandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly address: string;
  /** Every path asked, with its query, in order. */
  readonly requests: string[];
  /** Replaces an organization of the model, as Terraform Cloud changes while the workshop goes on. */
  update(name: string, change: (organization: StandInOrganization) => StandInOrganization): void;
  close(): Promise<void>;
}
