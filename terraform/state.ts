import { z } from "zod";
import { fail, ok, type Result } from "../text/result";

/**
 * One object a Terraform state manages: a resource, or one instance of a `for_each` resource. Only the
 * attributes that name and link objects are kept; a token the state holds never leaves the parser.
 */
export interface StateInstance {
  /** The resource type, `tfe_workspace`. */
  readonly type: string;
  /** The resource name, `attendees_workspaces_9106E48C`. */
  readonly name: string;
  /** The instance key of a `for_each` resource, `"alice"`; undefined for a single resource. */
  readonly key?: string;
  /** The object's id in the provider, `ws-...`. */
  readonly id?: string;
  /** Its `name` attribute: a workspace's, team's or organization's name. */
  readonly objectName?: string;
  /** Its `team_id`, for team accesses and tokens. */
  readonly teamId?: string;
  /** Its `workspace_id`, for team accesses and workspace settings. */
  readonly workspaceId?: string;
  /** Its `email`, for organization memberships. */
  readonly email?: string;
  /** Its `expired_at`, for tokens: a date, never the token. */
  readonly expiredAt?: string;
  /** Its `description`, for team tokens. */
  readonly description?: string;
  /** Its `rotation_rfc3339`, for a `time_rotating`: when its deploy replaces it, and the tokens that expire with it. */
  readonly rotatesAt?: string;
  /** Its `rotation_days`, for a `time_rotating`: the period it was made with. */
  readonly rotationDays?: number;
}

/** What a state holds, in the parts this project reads. */
export interface TerraformState {
  readonly instances: readonly StateInstance[];
  /** Terraform raises it at each write of the state: an apply that changed anything writes it. */
  readonly serial?: number;
  /** The name of the state's history, which Terraform keeps across every apply over it. */
  readonly lineage?: string;
}

/** The state format Terraform has written since 0.12, and the only one this reads. */
export const STATE_FORMAT_VERSION = 4;

const text = z.string().optional().catch(undefined);

const stateSchema = z.object({
  version: z.literal(STATE_FORMAT_VERSION),
  serial: z.number().int().optional().catch(undefined),
  lineage: text,
  resources: z
    .array(
      z.object({
        mode: z.string(),
        type: z.string(),
        name: z.string(),
        instances: z.array(
          z.object({
            index_key: z.union([z.string(), z.number()]).optional(),
            // Read field by field: whatever else the provider keeps here, tokens included, is never looked at.
            attributes: z
              .object({
                id: text,
                name: text,
                team_id: text,
                workspace_id: text,
                email: text,
                expired_at: text,
                description: text,
                rotation_rfc3339: text,
                rotation_days: z.number().optional().catch(undefined),
              })
              .optional(),
          }),
        ),
      }),
    )
    .default([]),
});

/**
 * Reads Terraform's JSON state (format 4) directly: `terraform show` would need the provider plugins. Data
 * sources are left out: the state only caches what they read. A problem never quotes the text, which holds tokens.
 */
export function parseState(source: string): Result<TerraformState> {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    return fail("is not JSON");
  }
  const version =
    typeof json === "object" && json !== null ? (json as { readonly version?: unknown }).version : undefined;
  if (typeof version === "number" && version !== STATE_FORMAT_VERSION) {
    return fail(
      `is a Terraform state of format ${version}; this project reads format ` +
        `${STATE_FORMAT_VERSION}, which Terraform 0.12 and later write`,
    );
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success)
    return fail(
      `is not a Terraform state of format ${STATE_FORMAT_VERSION} (at ` +
        `${parsed.error.issues[0]?.path.join(".") || "the top"})`,
    );
  const instances = parsed.data.resources
    .filter((resource) => resource.mode === "managed")
    .flatMap((resource) =>
      resource.instances.map((instance): StateInstance => {
        const attributes = instance.attributes ?? {};
        return {
          type: resource.type,
          name: resource.name,
          key: instance.index_key === undefined ? undefined : String(instance.index_key),
          id: attributes.id,
          objectName: attributes.name,
          teamId: attributes.team_id,
          workspaceId: attributes.workspace_id,
          email: attributes.email,
          expiredAt: attributes.expired_at,
          description: attributes.description,
          rotatesAt: attributes.rotation_rfc3339,
          rotationDays: attributes.rotation_days,
        };
      }),
    );
  return ok({ instances, serial: parsed.data.serial, lineage: parsed.data.lineage });
}
