import type { WorkshopConfig } from "../../../config/schema";
import { STACK_ID } from "../../../stacks/workshop-stack";
import type { ManagedObjects } from "../../stack-state";
import {
  managedBy,
  ok,
  organizationSubject,
  OWNER_TOKEN_FIX,
  seesEverything,
  warning,
  type PreflightCheck,
} from "../check";
import { replacedBecause } from "../token-replacement";

/**
 * Why the deploy replaces the organization token the state holds (its expiry changed, or its rotation time passed:
 * tfe 0.71.0's expired_at is ForceNew; force_regenerate, ForceNew too, is ignored by the stack); undefined when it
 * keeps it, or the state does not say.
 */
function replacement(config: WorkshopConfig, managed: ManagedObjects, now: Date) {
  const held = managed.tokens.filter((token) => token.teamId === undefined);
  const token = config.organization.token;
  if (token === undefined || held.length !== 1) return undefined;
  const expiry = { expiresAt: token.expiresAt, rotationDays: token.rotationDays };
  return replacedBecause({ expiry, held: held[0]! }, managed, now);
}

/**
 * Whether the organization has an organization token that the config's would replace (tfe_organization_token fails on
 * one without force_regenerate). Its endpoint is documented for POST and DELETE only, each answering 404 to whoever is
 * not authorized: tfe reads a 404 of its GET as "none", which holds only for a token that may see the organization
 * token at all, an owner's.
 */
export const organizationTokenCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (config.organization.token === undefined || facts.organizationToken === undefined || managed === undefined)
    return [];
  const subject = `${organizationSubject(config)} token`;
  if (managed.organizationToken) {
    const replaced = replacement(config, managed, facts.now);
    return replaced === undefined
      ? [ok(subject, "managed by this stack: kept until it expires")]
      : [
          warning(
            subject,
            `managed by this stack; the deploy replaces it (${replaced.why}), and whatever uses it stops working`,
            `after the deploy, read the new one in the stack's directory (cd cdktf.out/stacks/${STACK_ID}): ` +
              "terraform output -raw organization_token",
          ),
        ];
  }
  if (facts.organizationToken === "found") {
    return [
      warning(
        subject,
        "an organization token exists; the deploy replaces it (replaceExisting), and whoever holds it loses access",
        "tell the holder of the current organization token before you deploy",
      ),
    ];
  }
  if (seesEverything(facts)) return [ok(subject, "no organization token exists; the deploy creates one")];
  return [
    warning(
      subject,
      "preflight cannot tell whether one exists: its endpoint answers 404 to a token that is " +
        "not an owner's as well as when there is none, and only owners may create one",
      OWNER_TOKEN_FIX,
    ),
  ];
};
