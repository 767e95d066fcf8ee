/** Attributes of one block of Terraform JSON. */
export type Attributes = Readonly<Record<string, unknown>>;

/** Blocks by type, then by name: `resource.tfe_team.ci`. */
export type Blocks = Readonly<Record<string, Readonly<Record<string, Attributes>>>>;

/** A synthesized stack, `cdk.tf.json`, in the parts this project reads. */
export interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Readonly<Record<string, Attributes>>;
  readonly locals?: Attributes;
  readonly provider?: Readonly<Record<string, readonly Attributes[]>>;
  readonly terraform?: {
    readonly backend?: Readonly<Record<string, Attributes>>;
    readonly cloud?: Attributes;
    readonly [key: string]: unknown;
  };
  readonly import?: ReadonlyArray<{ readonly to: string; readonly id: string }>;
  readonly removed?: ReadonlyArray<Attributes>;
  readonly moved?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** The attributes of a resource (`tfe_team.ci`) or data source (`data.tfe_organization.x`) by address. */
export function blockAt(stack: StackJson, address: string): Attributes | undefined {
  const [first, second, third] = withoutInstanceKey(address).split(".");
  if (first === "data") return third === undefined ? undefined : own(own(stack.data, second), third);
  return second === undefined ? undefined : own(own(stack.resource, first), second);
}

/** A property of a JSON object only when the object itself has it: names are data, never the prototype's. */
export function own<T>(object: Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined {
  return object !== undefined && key !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** `tfe_team.room` for `tfe_team.room["alice"]`: the block that makes an instance. */
export function withoutInstanceKey(address: string): string {
  const bracket = address.indexOf("[");
  return bracket < 0 ? address : address.slice(0, bracket);
}

/** The resource or data source type of an address: `tfe_team` for `tfe_team.ci` and `data.tfe_team.ci`. */
export function typeOf(address: string): string {
  const parts = address.split(".");
  return (parts[0] === "data" ? parts[1] : parts[0]) ?? "";
}
