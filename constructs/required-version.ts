import { UnrenderedBlocks } from "./unrendered-blocks";

/** The oldest Terraform that reads every block the stack writes: `removed` blocks came with 1.7, `import` with 1.5. */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.7.0";

/**
 * The stack's `required_version`, so that an older Terraform stops with its own clear message instead of
 * misreading an `import` or `removed` block. cdktf has no setting for it, and its HCL renderer drops it.
 */
export class RequiredVersion extends UnrenderedBlocks {
  override toTerraform(): Record<string, unknown> {
    return { terraform: { required_version: REQUIRED_TERRAFORM_VERSION } };
  }

  toHcl(): string {
    return `\nterraform {\n  required_version = "${REQUIRED_TERRAFORM_VERSION}"\n}\n`;
  }
}
