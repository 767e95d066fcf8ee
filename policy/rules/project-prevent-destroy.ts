import { preventDestroyRule } from "../rule";

/**
 * The project holds every workshop workspace. Terraform Cloud refuses to delete a project that holds workspaces, but
 * a plan that would is better refused before it starts than half applied: the facilitator deletes the empty project
 * by hand after the workshop, as the organization.
 */
export const projectPreventDestroy = preventDestroyRule({
  id: "project-prevent-destroy",
  type: "tfe_project",
  explanation:
    "The project holds the attendees' workspaces: Terraform Cloud refuses to delete it " +
    "while it does, so a plan that destroys it fails halfway through its apply.",
});
