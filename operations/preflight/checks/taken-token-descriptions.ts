import { createdTeamTokens } from "../../../config/attendees";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { blocker, managedBy, OWNER_TOKEN_FIX, warning, type CheckItem, type PreflightCheck } from "../check";

/**
 * Adopted teams that have a token with the description the config gives theirs already: descriptions are unique per
 * team (api-docs/team-tokens.mdx; tfe 0.71.0's `description`: "must be unique per team"), so creating it would fail.
 * A team this stack manages already holds the stack's own token under that description, and a new team has none.
 */
export const takenTokenDescriptionsCheck: PreflightCheck = (config, facts) => {
  const { teams, teamTokens } = facts;
  const managed = managedBy(facts);
  if (teams === undefined || teamTokens === undefined || managed === undefined) return [];
  const adopted = new Set(config.import?.teams.map(nameKey));
  const items: CheckItem[] = [];
  for (const token of createdTeamTokens(config)) {
    const key = nameKey(token.team);
    const team = teams.get(key);
    if (team === undefined || !adopted.has(key) || managed.teams.has(key)) continue;
    const subject = `team "${token.team}"`;
    if (teamTokens === "not-visible") {
      items.push(
        warning(
          subject,
          "this token cannot see the team's tokens: preflight cannot tell whether one is described " +
            `"${token.description}" already, which would make creating the config's fail`,
          OWNER_TOKEN_FIX,
        ),
      );
      continue;
    }
    const taken = teamTokens.find(
      (candidate) => candidate.teamId === team.id && candidate.description === token.description,
    );
    if (taken === undefined) continue;
    items.push(
      blocker(
        subject,
        `is adopted with a token ${taken.id} described "${token.description}", the description the config ` +
          "gives its token, and descriptions are unique per team: creating the config's token would fail",
        token.attendee === undefined
          ? `delete token ${taken.id} in the team's API tokens, or give the ` +
              "team's token another description in the config"
          : `delete token ${taken.id} in the team's API tokens: attendee ` +
              `${token.attendee}'s token is always described so`,
      ),
    );
  }
  return items;
};
