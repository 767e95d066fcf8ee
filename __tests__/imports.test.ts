import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { describe, expect, it } from "vitest";
import { problemsOf, resourcesOf, synthesize } from "./support";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
type SynthesizedWithImports = { import?: Array<{ id: string; to: string }> };

/** The import blocks of a synthesized config, as `type <- id`, with the resource's name left out. */
function importsOf(json: unknown): string[] {
  const { stack } = synthesize(json);
  return ((stack as SynthesizedWithImports).import ?? []).map((block) => `${block.to.split(".")[0]} <- ${block.id}`);
}

describe("adopting what exists", () => {
  it("imports the organization and a workspace made by hand, with its settings, and creates nothing it adopts", () => {
    // GIVEN the organization and the aws_workshop workspace made by following the workshop page
    const json = { organization, import: { organization: true, workspaces: ["aws_workshop"] } };
    // WHEN synthesized
    const imports = importsOf(json);
    // THEN each is adopted under the import id the tfe provider expects
    expect(imports).toEqual([
      "tfe_organization <- acme-aws-workshop",
      "tfe_workspace <- acme-aws-workshop/aws_workshop",
      "tfe_workspace_settings <- acme-aws-workshop/aws_workshop",
    ]);
    // AND the import targets are the very resources of the stack, so nothing is created twice
    const { stack } = synthesize(json);
    const targets = ((stack as SynthesizedWithImports).import ?? []).map((block) => block.to);
    for (const target of targets) {
      const [type, name] = target.split(".");
      expect(resourcesOf(stack, type!)[name!]).toBeDefined();
    }
    expect(Object.keys(resourcesOf(stack, Workspace.tfResourceType))).toHaveLength(1);
  });

  it("imports teams by name and team accesses by id, declared and attendee ones alike", () => {
    const json = {
      organization,
      teams: [{ name: "ci", access: { aws_workshop: "write" } }],
      attendees: ["alice"],
      import: {
        workspaces: ["aws_workshop-alice"],
        teams: ["ci", "aws_workshop-alice"],
        teamAccess: {
          ci: { aws_workshop: "tws-8S5wnRbRpogw6apb" },
          "aws_workshop-alice": { "aws_workshop-alice": "tws-2" },
        },
      },
    };
    expect(importsOf(json)).toEqual([
      "tfe_team <- acme-aws-workshop/ci",
      "tfe_team_access <- acme-aws-workshop/aws_workshop/tws-8S5wnRbRpogw6apb",
      "tfe_workspace <- acme-aws-workshop/aws_workshop-alice",
      "tfe_workspace_settings <- acme-aws-workshop/aws_workshop-alice",
      "tfe_team <- acme-aws-workshop/aws_workshop-alice",
      "tfe_team_access <- acme-aws-workshop/aws_workshop-alice/tws-2",
    ]);
  });

  it("imports the project by its id, and with it a workshop in an organization that exists already", () => {
    // GIVEN an organization looked up and its project made by hand
    const json = {
      organization: { ...organization, create: false },
      project: { name: "AWS workshop" },
      import: { project: "prj-niVoeESBXT8ZREhr" },
    };
    // THEN the project, and its settings with it, are adopted under its id, as tfe's import takes both
    expect(importsOf(json)).toEqual([
      "tfe_project <- prj-niVoeESBXT8ZREhr",
      "tfe_project_settings <- prj-niVoeESBXT8ZREhr",
    ]);
  });

  it("imports nothing when the config has no import section", () => {
    expect(importsOf({ organization })).toEqual([]);
  });

  it("fails when importing an organization the config only looks up", () => {
    expect(problemsOf({ organization: { ...organization, create: false }, import: { organization: true } })).toEqual([
      "import.organization: is only for an organization this config creates; with " +
        "organization.create false it is looked up, not managed, so there is nothing to import",
    ]);
  });

  it("fails when importing a workspace or team the config does not create", () => {
    expect(problemsOf({ organization, import: { workspaces: ["sandbox"], teams: ["ops"] } })).toEqual([
      'import.workspaces[0]: workspace "sandbox" is not one this config creates; it creates aws_workshop',
      'import.teams[0]: team "ops" is not one this config creates',
    ]);
  });

  it("fails when importing a team access the config does not grant, or with a malformed id", () => {
    const teams = [{ name: "ci", access: { aws_workshop: "write" } }];
    expect(problemsOf({ organization, teams, import: { teamAccess: { ci: { sandbox: "tws-1" } } } })).toEqual([
      'import.teamAccess.ci.sandbox: team "ci" is not granted access to workspace "sandbox" in this config',
    ]);
    expect(problemsOf({ organization, teams, import: { teamAccess: { ci: { aws_workshop: "8S5wnRbR" } } } })).toEqual([
      "import.teamAccess.ci.aws_workshop: must be a team access id such as " +
        '"tws-8S5wnRbRpogw6apb", but "8S5wnRbR" was provided',
    ]);
  });
});
