import { describeFailure } from "../../../terraform-cloud/api-client";
import { blocker, type PreflightCheck } from "../check";

/** Every request that got no usable answer, once each: what was asked, what came back, what to do. */
export const answersCheck: PreflightCheck = (_config, facts) =>
  facts.failures.map((failure) =>
    blocker("Terraform Cloud", `${describeFailure(failure)}; nothing is concluded from it`, failure.advice),
  );
