import type { IConstruct } from "constructs";

/**
 * Props that break a construct's rule: one type for every construct, its message led by the construct's path (as
 * aws-cdk's ValidationError), so that a reader of the synth's one line knows which part of the config to fix.
 */
export class ValidationError extends Error {
  /** The path of the construct whose props were refused, such as "aws-workshop/team-ci". */
  public readonly path: string;

  constructor(message: string, scope: IConstruct) {
    super(`${scope.node.path}: ${message}`);
    this.name = "ValidationError";
    this.path = scope.node.path;
  }
}
