import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { describe, expect, it } from "vitest";
import { synthesize, type SynthesizedStack } from "./support";

/**
 * The "Example Usage" blocks of the hashicorp/tfe documentation for tfe_organization, tfe_workspace,
 * tfe_workspace_settings, tfe_team, tfe_team_access and tfe_team_token, joined into one configuration,
 * with references written as `${type.attribute}` (one resource per type). The only departure is the
 * token's expiry, moved from the documentation's 2024 into the future so that the config is valid.
 */
const DOCUMENTED: Record<string, Record<string, unknown>> = {
  tfe_organization: { name: "my-org-name", email: "admin@company.com" },
  tfe_workspace: { name: "my-workspace-name", organization: "${tfe_organization.name}" },
  tfe_workspace_settings: { workspace_id: "${tfe_workspace.id}", execution_mode: "local" },
  tfe_team: { name: "my-team-name", organization: "${tfe_organization.name}" },
  tfe_team_access: { access: "read", team_id: "${tfe_team.id}", workspace_id: "${tfe_workspace.id}" },
  tfe_team_token: { team_id: "${tfe_team.id}", description: "my team token", expired_at: "2027-06-30T23:59:59Z" },
};

/** Our config that says the same thing. */
const EQUIVALENT_CONFIG = {
  organization: { name: "my-org-name", email: "admin@company.com" },
  workspaces: [{ name: "my-workspace-name" }],
  teams: [
    {
      name: "my-team-name",
      access: { "my-workspace-name": "read" },
      token: { description: "my team token", expiresAt: "2027-06-30T23:59:59Z" },
    },
  ],
};

/**
 * Drops cdktf's bookkeeping and the resource name from references: `${tfe_team.team_X.id}` becomes `${tfe_team.id}`.
 */
function comparable(stack: SynthesizedStack): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(stack.resource ?? {}).map(([type, resources]) => {
      const all = Object.values(resources);
      expect(all, `one ${type}`).toHaveLength(1);
      const { "//": _metadata, lifecycle: _lifecycle, ...attributes } = all[0]!;
      const text = JSON.stringify(attributes).replace(/\$\{(tfe_[a-z_]+)\.[^.}]+\.([a-z_]+)\}/g, "$${$1.$2}");
      return [type, JSON.parse(text) as Record<string, unknown>];
    }),
  );
}

describe("HashiCorp's documented tfe examples", () => {
  it("are synthesized resource for resource from the equivalent config", () => {
    // GIVEN the config equivalent to the documented examples WHEN synthesized
    const { stack } = synthesize(EQUIVALENT_CONFIG);
    // THEN every documented resource appears with exactly the documented attributes
    expect(comparable(stack)).toEqual(DOCUMENTED);
  });

  it(
    "differ only by lifecycle: destroy protection on the organization and " +
      "the workspace, and the settings left to their owners",
    () => {
      const { stack } = synthesize(EQUIVALENT_CONFIG);
      const lifecycles = Object.fromEntries(
        Object.entries(stack.resource ?? {}).flatMap(([type, resources]) =>
          Object.values(resources).flatMap((resource) => ("lifecycle" in resource ? [[type, resource.lifecycle]] : [])),
        ),
      ) as Record<string, { prevent_destroy?: boolean; ignore_changes?: string[] }>;
      expect(Object.keys(lifecycles)).toEqual([
        Organization.tfResourceType,
        Team.tfResourceType,
        Workspace.tfResourceType,
        WorkspaceSettings.tfResourceType,
      ]);
      expect(lifecycles[Organization.tfResourceType]?.prevent_destroy).toBe(true);
      expect(lifecycles[Workspace.tfResourceType]?.prevent_destroy).toBe(true);
      expect(lifecycles[Team.tfResourceType]?.prevent_destroy).toBeUndefined();
      expect(lifecycles[WorkspaceSettings.tfResourceType]?.prevent_destroy).toBeUndefined();
    },
  );
});
