import type { TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { UnrenderedBlocks } from "./unrendered-blocks";

/** One existing object to import into one instance of a `for_each` resource. */
export interface KeyedImport {
  /** The `for_each` resource. */
  readonly resource: TerraformResource;
  /** The instance's key. */
  readonly key: string;
  /** The import id the provider expects. */
  readonly id: string;
}

/** Properties of a {@link KeyedImports}. */
export interface KeyedImportsProps {
  readonly imports: readonly KeyedImport[];
}

/**
 * Terraform import blocks into instances of `for_each` resources (`tfe_workspace.x["alice"]`), which
 * cdktf's `importFrom` cannot address: it only knows whole resources.
 */
export class KeyedImports extends UnrenderedBlocks {
  private readonly imports: ReadonlyArray<{ readonly to: string; readonly id: string }>;

  constructor(scope: Construct, id: string, props: KeyedImportsProps) {
    super(scope, id);
    this.imports = props.imports.map((existing) => ({
      to: `${existing.resource.terraformResourceType}.${existing.resource.friendlyUniqueId}[${JSON.stringify(existing.key)}]`,
      id: existing.id,
    }));
  }

  override toTerraform(): any {
    return this.imports.length === 0 ? {} : { import: this.imports.map((block) => ({ to: block.to, id: block.id })) };
  }

  toHcl(): string {
    return this.imports.map((block) => `\nimport {\n  to = ${block.to}\n  id = ${JSON.stringify(block.id)}\n}\n`).join("");
  }
}
