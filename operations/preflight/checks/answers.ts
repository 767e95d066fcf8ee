import { describeFailure } from "../../../terraform-cloud/api-client";
import { blocker, type PreflightCheck } from "../check";

/**
 * Every request that got no usable answer, once each: what was asked, what came back, what to do. Two reads of the
 * same thing that failed alike (the state's organization is the config's too) are one line.
 */
export const answersCheck: PreflightCheck = (_config, facts) => {
  const lines = new Map(facts.failures.map((failure) => [describeFailure(failure), failure.advice]));
  return [...lines].map(([finding, advice]) =>
    blocker("Terraform Cloud", `${finding}; nothing is concluded from it`, advice),
  );
};
