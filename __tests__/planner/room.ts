/** The five instances every attendee of a room has, as a person reads their addresses in a plan. */
export const attendeeInstances = (name: string) => [
  `tfe_team.attendees_teams["${name}"]`,
  `tfe_team_access.attendees_access["${name}"]`,
  `tfe_team_token.attendees_tokens["${name}"]`,
  `tfe_workspace.attendees_workspaces["${name}"]`,
  `tfe_workspace_settings.attendees_settings["${name}"]`,
];
