import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Aspects, CloudBackend, DataResource, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Unplaced } from "../config/exhaustive";
import type { WorkshopConfig } from "../config/schema";
import { RequiredVersion } from "../constructs/required-version";
import { StringListLocal } from "../constructs/string-list-local";
import { shardName } from "../workshop/defaults";

/** The local state file of a stack, at the repository root, when the config keeps no state in Terraform Cloud. */
export const stateFileOf = (stackId: string) => `terraform.${stackId}.tfstate`;

/** Where a stack of the workshop keeps its state. */
export interface StackStateProps {
  /** The config's `state`: a Terraform Cloud workspace; undefined: a local file named after the stack. */
  readonly state: WorkshopConfig["state"];
  /**
   * The shard the stack holds, whose state workspace is named from the config's with the shard's number.
   * @default the shared stack, in the config's state workspace itself
   */
  readonly shard?: number;
}

/**
 * What every stack of the workshop starts with: the tfe provider, Terraform's required version and a state of its own.
 * Each stack resolves its JSON once, and none refers to another's values through cdktf (a shard looks the shared
 * stack's project up by name), so cdktf's preparing resolution, which exists for such references, is skipped.
 */
export abstract class WorkshopBaseStack extends TerraformStack {
  protected constructor(scope: Construct, id: string, props: StackStateProps) {
    super(scope, id);
    // No token here: the provider reads TFE_TOKEN or the `terraform login` credentials, and TFE_HOSTNAME,
    // itself at deploy time, so no secret ever reaches the synthesized JSON.
    new TfeProvider(this, "tfe", {});
    new RequiredVersion(this, "required-version");
    this.addBackend(props);
  }

  private addBackend({ state, shard }: StackStateProps): void {
    if (state === undefined) {
      // cdktf's default local backend writes this machine's absolute path into the output; this relative
      // path names the same file (Terraform runs in cdktf.out/stacks/<stack>) and synthesizes identically
      // everywhere.
      new LocalBackend(this, { path: `../../../${stateFileOf(this.node.id)}` });
    } else {
      const { organization, workspace, hostname, ...unplaced } = state;
      unplaced satisfies Unplaced;
      const named = shard === undefined ? workspace : shardName(workspace, shard);
      new CloudBackend(this, { organization, workspaces: new NamedCloudWorkspace(named), hostname });
    }
  }

  private resolved?: { readonly tree: string; readonly json: Record<string, unknown> };

  /**
   * The stack's Terraform JSON, resolved once for the tree as it is: the policy reads it, and the synth writes the
   * same object. A tree that changed since (a construct or an Aspect added) is resolved again, never written stale.
   */
  override toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    const nodes = this.node.findAll();
    const tree = `${nodes.length} ${nodes.reduce((count, node) => count + Aspects.of(node).all.length, 0)}`;
    if (this.resolved?.tree !== tree)
      this.resolved = {
        tree,
        json: StringListLocal.resolveWithStringLists(this, () => super.toTerraform() as Record<string, unknown>),
      };
    return this.resolved.json;
  }

  /**
   * cdktf's checks of the tree, but for those of cdktf's `terraform_data`, whose only one runs `terraform version` in
   * a shell at every synth: half a second for each of them (one a stack with a rotating expiry, so one a shard), and a
   * synth that fails where terraform is not installed. The stack's `required_version` has Terraform itself refuse a
   * version too old for any block it writes.
   */
  override runAllValidations(): void {
    const errors = this.node
      .findAll()
      .filter((node) => !(node instanceof DataResource))
      .flatMap((node) => node.node.validate().map((error) => `[${node.node.path}] ${error}`));
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join("\n  ")}`);
  }

  /**
   * cdktf's preparation resolves every element once more, for references between stacks, which these stacks never
   * have; the backend it would ensure is always set in the constructor.
   */
  override prepareStack(): void {}
}
