import { DataResource } from "cdktf";
import type { Construct } from "constructs";

/**
 * A `terraform_data` with `prevent_destroy` and nothing that could ever change it, so that a plan destroying its
 * stack (`cdktf destroy`) fails with "Instance cannot be destroyed" before anything is deleted: for a stack whose
 * other resources carry no `prevent_destroy` of their own, as a shard's attendee rooms, which must each be removable
 * alone. Being the same in every version, it is never replaced; it is only planned for destroy with its whole stack.
 */
export class DestroyGuard extends DataResource {
  constructor(scope: Construct, id: string) {
    super(scope, id, { lifecycle: { preventDestroy: true } });
  }
}
