import { preventDestroyRule } from "../rule";

/** Destroying an organization destroys every workspace and every state in it. */
export const organizationPreventDestroy = preventDestroyRule({
  id: "organization-prevent-destroy",
  type: "tfe_organization",
  explanation: "Destroying the organization deletes every workspace and state the attendees have.",
});
