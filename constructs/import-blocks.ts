import type { TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { UnrenderedBlocks } from "./unrendered-blocks";
import { ValidationError } from "./validation-error";

/** One existing object to import into a resource, or into one instance of a `for_each` resource. */
export interface ExistingObject {
  readonly resource: TerraformResource;
  /**
   * The instance's key, for a `for_each` resource.
   * @default the whole resource, which must not be a `for_each` one
   */
  readonly key?: string;
  /** The import id the provider expects. */
  readonly id: string;
}

/** Properties of an {@link ImportBlocks}. */
export interface ImportBlocksProps {
  readonly imports: readonly ExistingObject[];
}

/**
 * Terraform import blocks, written by the stack itself. cdktf's `importFrom` cannot address an instance of a
 * `for_each` resource (`tfe_workspace.x["alice"]`), and it checks the Terraform version by running
 * `terraform version` through a shell for every resource it imports, at every synth: a process each, and a failed
 * synth on a machine without terraform, although the synth needs none. The stack's `required_version` already
 * asks for a Terraform that knows import blocks.
 */
export class ImportBlocks extends UnrenderedBlocks {
  private readonly imports: ReadonlyArray<{ readonly to: string; readonly id: string }>;

  constructor(scope: Construct, id: string, props: ImportBlocksProps) {
    super(scope, id);
    this.imports = props.imports.map((existing) => {
      const keyed = existing.resource.forEach !== undefined;
      if (keyed !== (existing.key !== undefined)) {
        const how = keyed
          ? "has for_each: import into one of its instances, by key"
          : "has no for_each: import into it without a key";
        throw new ValidationError(`${existing.resource.node.path} ${how}`, this);
      }
      const address = `${existing.resource.terraformResourceType}.${existing.resource.friendlyUniqueId}`;
      return {
        to: existing.key === undefined ? address : `${address}[${JSON.stringify(existing.key)}]`,
        id: existing.id,
      };
    });
  }

  override toTerraform(): Record<string, unknown> {
    return this.imports.length === 0 ? {} : { import: this.imports.map((block) => ({ to: block.to, id: block.id })) };
  }

  toHcl(): string {
    return this.imports
      .map((block) => `\nimport {\n  to = ${block.to}\n  id = ${JSON.stringify(block.id)}\n}\n`)
      .join("");
  }
}
