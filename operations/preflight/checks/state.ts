import { STATE_FILE } from "../../../stacks/workshop-stack";
import { blocker, ok, type PreflightCheck } from "../check";

/** Where the state will live, and whether it survives the machine that deploys. */
export const stateCheck: PreflightCheck = (config, facts) => {
  const subject = "state";
  if (config.state !== undefined) return [ok(subject, `in Terraform Cloud workspace ${config.state.organization}/${config.state.workspace}`)];
  return [
    facts.disposableMachine
      ? blocker(subject, "a local file on a machine that is thrown away after the job: the next deploy would start from nothing", 'set "state" in the config to keep it in a Terraform Cloud workspace')
      : ok(subject, `the local file ${STATE_FILE}: it holds the tokens in plain text, keep it private`),
  ];
};
