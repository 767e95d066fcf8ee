import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  linkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { blockAt, type StackJson } from "../../terraform/stack-json";
import { collect, type Run } from "../cli";
import { PROVIDER_SCHEMAS } from "./provider-schemas";
import {
  createdName,
  EMPTY_STATE_FILE,
  existingObjects,
  plannable,
  PLANNER_CLOUD,
  SIDE_PART,
  type StandInCloud,
} from "./rewrite";

/** What Terraform plans for one address, in the words of its JSON plan. */
export type Action = "create" | "update" | "replace" | "delete" | "forget" | "no-op";

/** One planned change: the action, whether the object is imported first, and its arguments before and after. */
export interface PlannedChange {
  readonly action: Action;
  readonly importing: boolean;
  /** The arguments in the state, as the provider would hold them; undefined for a new object. */
  readonly before?: Readonly<Record<string, unknown>>;
  /** The arguments as planned; undefined for a deleted object, and unknown values left out. */
  readonly after?: Readonly<Record<string, unknown>>;
}

/** A plan Terraform accepted (every address with its change), or the error it refused it with. */
export type Plan =
  | { readonly ok: true; readonly changes: ReadonlyMap<string, PlannedChange> }
  | { readonly ok: false; readonly error: string };

/** Terraform's version, once it is known to be there. */
let terraformChecked: Promise<string> | undefined;

/** Terraform in `cwd`, with nothing of the user's: no TF_CLI_ARGS, no credentials, no checkpoint. */
export function runTerraform(args: readonly string[], cwd: string): Promise<Run> {
  // Only what Terraform needs: a user's TF_CLI_ARGS or TF_LOG must not change the plans the tests read.
  return collect("terraform", args, cwd, {
    PATH: process.env.PATH ?? "",
    HOME: cwd,
    TF_CLI_CONFIG_FILE: join(cwd, "terraformrc"),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
  });
}

/** Fails, in one line, when `terraform` 1.7 or later is not on the PATH: the planner tests cannot stand in for it. */
export function requireTerraform(): Promise<string> {
  terraformChecked ??= (async () => {
    const directory = mkdtempSync(join(tmpdir(), "planner-version-"));
    writeFileSync(join(directory, "terraformrc"), "");
    let ran: Run;
    try {
      ran = await runTerraform(["version", "-json"], directory);
    } catch {
      throw new Error(
        "terraform is not on the PATH: the lifecycle tests run Terraform's own " +
          "planner; install Terraform 1.11 and run the tests again",
      );
    }
    const version = (JSON.parse(ran.stdout) as { readonly terraform_version?: string }).terraform_version ?? "";
    const [major = 0, minor = 0] = version.split(".").map(Number);
    if (major < 1 || (major === 1 && minor < 7))
      throw new Error(
        `terraform ${version} is too old: the lifecycle tests need 1.7 ` +
          "or later (removed blocks); install Terraform 1.11",
      );
    return version;
  })();
  return terraformChecked;
}

/**
 * What Terraform answered, kept by what it was asked: its version, the whole history of operations that made the
 * state (each with the exact configuration it ran on) and the operation itself. The same question gets the same
 * answer, so a run asks Terraform only what changed since the last one, as the module caches of vitest and
 * dependency-cruiser do. A clean clone, as in CI, asks everything; WORKSHOP_PLANNER_CACHE=off always does.
 */
const CACHE = join(__dirname, "..", "..", "node_modules", ".cache", "workshop-planner-2"); // 2: answers kept once
const cacheOff = process.env.WORKSHOP_PLANNER_CACHE === "off";

interface Answer {
  /** `terraform show -json` of the plan. */
  readonly plan?: string;
  /** The state after the operation. */
  readonly state?: string;
  /** `terraform output -json`. */
  readonly outputs?: string;
  /** Terraform's refusal. */
  readonly error?: string;
}

const keyOf = (...parts: readonly string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex");

function cached(key: string): Answer | undefined {
  if (cacheOff) return undefined;
  try {
    return JSON.parse(readFileSync(join(CACHE, `${key}.json`), "utf8")) as Answer;
  } catch {
    return undefined;
  }
}

/**
 * Keeps an answer unless one is kept already, and returns the one kept. Terraform's answers are not the same twice
 * (each stand-in's id is random), so the first answer to a question must be the only one: two runs asking at once
 * (two test files applying the same room) each build on their own state, and a run that kept its later answers on
 * top of the other's first state would read ids that never were in it.
 */
function keep(key: string, answer: Answer): Answer {
  if (cacheOff) return answer;
  mkdirSync(CACHE, { recursive: true });
  // Written aside and linked into place: a concurrent reader sees the whole answer or none, and a link never
  // replaces an answer another run kept first.
  const aside = join(CACHE, `${key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(aside, JSON.stringify(answer));
  try {
    linkSync(aside, join(CACHE, `${key}.json`));
    return answer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return cached(key) ?? answer;
  } finally {
    unlinkSync(aside);
  }
}

/** A state with nothing in it, which each data source's stand-in reads, to give its `defaults` (rewrite.ts). */
const EMPTY_STATE = JSON.stringify({
  version: 4,
  terraform_version: "1.11.4",
  serial: 1,
  lineage: "planner-data-sources",
  outputs: {},
  resources: [],
});

const ACTIONS: Readonly<Record<string, Action>> = {
  create: "create",
  update: "update",
  delete: "delete",
  forget: "forget",
  "no-op": "no-op",
  "delete,create": "replace",
  "create,delete": "replace",
};

/** A directory Terraform plans and applies the stand-in stack in, holding one state from version to version. */
export class PlannerDirectory {
  private constructor(
    readonly path: string,
    /** The key of every operation that made the state, for the cache. */
    private history: string,
  ) {}

  /** A new directory, with an empty state. */
  static async create(): Promise<PlannerDirectory> {
    const version = await requireTerraform();
    return new PlannerDirectory(PlannerDirectory.directory(), keyOf("terraform", version));
  }

  private static directory(): string {
    const path = mkdtempSync(join(tmpdir(), "planner-"));
    writeFileSync(join(path, "terraformrc"), "");
    return path;
  }

  /** Another directory starting from this one's state, for a scenario that branches off. */
  copy(): PlannerDirectory {
    const copy = new PlannerDirectory(PlannerDirectory.directory(), this.history);
    if (existsSync(this.stateFile)) copyFileSync(this.stateFile, copy.stateFile);
    return copy;
  }

  private get stateFile(): string {
    return join(this.path, "terraform.tfstate");
  }

  /**
   * Plans the stack against the state, as `terraform plan` would with the providers, at `at` (RFC 3339), its data
   * sources reading `cloud`.
   */
  async plan(stack: StackJson, at?: string, cloud: StandInCloud = PLANNER_CLOUD): Promise<Plan> {
    const json = this.write(plannable(stack, at, cloud).json);
    const answer = await this.ask(keyOf(this.history, "plan", json), async () => this.runPlan());
    return planOf(answer, stack);
  }

  /** Plans the destroy of everything the state holds of the stack, as `cdktf destroy` does: or Terraform's refusal. */
  async planDestroy(stack: StackJson): Promise<Plan> {
    const json = this.write(plannable(stack).json);
    const answer = await this.ask(keyOf(this.history, "plan -destroy", json), async () => this.runPlan(["-destroy"]));
    return planOf(answer, stack);
  }

  /**
   * Plans and applies the stack at `at` (RFC 3339), its data sources reading `cloud`: the state then holds it, as after
   * a deploy on that day.
   */
  async apply(stack: StackJson, at?: string, cloud: StandInCloud = PLANNER_CLOUD): Promise<Plan> {
    const json = this.write(plannable(stack, at, cloud).json);
    const key = keyOf(this.history, "apply", json);
    const answer = await this.ask(key, async () => {
      const planned = await this.runPlan();
      if (planned.error !== undefined) return planned;
      const applied = await runTerraform(["apply", "-input=false", "-no-color", "-lock=false", "plan.bin"], this.path);
      return applied.status === 0
        ? { ...planned, state: readFileSync(this.stateFile, "utf8") }
        : { error: applied.stderr.trim() };
    });
    if (answer.state !== undefined) {
      writeFileSync(this.stateFile, answer.state);
      this.history = key;
    }
    return planOf(answer, stack);
  }

  /**
   * The addresses a plan of the stack would import. terraform_data's import keeps nothing but the id, where the
   * provider's import reads the whole object, so Terraform would plan to replace each imported stand-in: this plan
   * drops what makes a replacement (triggers, prevent_destroy) and only its importing flags are read.
   */
  async imports(stack: StackJson): Promise<string[]> {
    const { json } = plannable(stack);
    const standIns = (json.resource as { terraform_data: Record<string, Record<string, unknown>> }).terraform_data;
    for (const block of Object.values(standIns)) {
      delete block.triggers_replace;
      delete block.lifecycle;
    }
    const written = this.write(json);
    const answer = await this.ask(keyOf(this.history, "imports", written), async () => this.runPlan());
    if (answer.error !== undefined) throw new Error(`Terraform refused the import plan:\n${answer.error}`);
    const shown = JSON.parse(answer.plan!) as {
      readonly resource_changes?: ReadonlyArray<{
        readonly address: string;
        readonly change: { readonly importing?: unknown };
      }>;
    };
    return (shown.resource_changes ?? [])
      .filter(({ change }) => change.importing !== undefined && change.importing !== null)
      .map(({ address }) => originalAddress(address))
      .sort();
  }

  /**
   * Brings objects that exist already into the state, as an import reads them: the named addresses of the stack,
   * with the actual arguments given (see `existingObjects`).
   */
  async adoptExisting(stack: StackJson, actual: ReadonlyMap<string, Readonly<Record<string, unknown>>>): Promise<void> {
    const json = this.write(existingObjects(stack, actual));
    const key = keyOf(this.history, "adopt", json);
    const answer = await this.ask(key, async () => {
      const applied = await runTerraform(
        ["apply", "-input=false", "-no-color", "-lock=false", "-auto-approve"],
        this.path,
      );
      return applied.status === 0 ? { state: readFileSync(this.stateFile, "utf8") } : { error: applied.stderr.trim() };
    });
    if (answer.state === undefined) throw new Error(`the existing objects could not be written: ${answer.error}`);
    writeFileSync(this.stateFile, answer.state);
    this.history = key;
  }

  /**
   * Brings into this state the objects other stacks applied, as a provider's importer reads them from Terraform Cloud
   * where those stacks left them: every stand-in part of each address given (`tfe_team.x["bob"]`), with the arguments,
   * id and output the state of one of `sources` holds. An address no source holds fails: nothing is made up.
   */
  receive(sources: readonly PlannerDirectory[], addresses: readonly string[]): void {
    const wanted = new Set(addresses);
    const found = new Set<string>();
    const received = new Map<string, StateResource>();
    for (const source of sources)
      for (const resource of readState(source.stateFile).resources) {
        // The data sources' stand-ins are read again at every plan: no object of Terraform Cloud.
        if (resource.mode !== "managed") continue;
        const instances = resource.instances.filter((instance) => {
          const address = originalAddress(`terraform_data.${resource.name}[${JSON.stringify(instance.index_key)}]`);
          if (!wanted.has(address)) return false;
          found.add(address);
          return true;
        });
        if (instances.length === 0) continue;
        const entry = received.get(resource.name) ?? { ...resource, instances: [] };
        received.set(resource.name, { ...entry, instances: [...entry.instances, ...instances] });
      }
    const missing = addresses.filter((address) => !found.has(address));
    if (missing.length > 0) throw new Error(`no source state holds ${missing.join(", ")}`);
    const state = existsSync(this.stateFile)
      ? readState(this.stateFile)
      : { version: 4, terraform_version: "1.11.4", serial: 0, lineage: "planner-received", outputs: {}, resources: [] };
    const resources = [...state.resources];
    for (const [name, resource] of received) {
      const at = resources.findIndex((candidate) => candidate.name === name && candidate.mode === resource.mode);
      if (at < 0) resources.push(resource);
      else resources[at] = { ...resources[at]!, instances: [...resources[at]!.instances, ...resource.instances] };
    }
    writeFileSync(this.stateFile, JSON.stringify({ ...state, serial: state.serial + 1, resources }, null, 2));
    this.history = keyOf(this.history, "receive", ...sources.map((source) => source.history), ...addresses);
  }

  /** Forgets an object, as time_rotating's Read does once its rotation time has passed, its creation time with it. */
  async forget(address: string): Promise<void> {
    const key = keyOf(this.history, "forget", address);
    const answer = await this.ask(key, async () => {
      const standIn = `terraform_data.${address.replace(".", "__")}`;
      const created =
        PROVIDER_SCHEMAS.get(address.slice(0, address.indexOf(".")))?.createdAt === undefined
          ? []
          : [createdName(standIn)];
      const removed = await runTerraform(["state", "rm", "-lock=false", standIn, ...created], this.path);
      return removed.status === 0 ? { state: readFileSync(this.stateFile, "utf8") } : { error: removed.stderr.trim() };
    });
    if (answer.state === undefined) throw new Error(`${address} could not be forgotten: ${answer.error}`);
    writeFileSync(this.stateFile, answer.state);
    this.history = key;
  }

  /**
   * The state the providers would have written for what was applied, in Terraform's JSON format 4: each stand-in
   * back under its own type and name, its arguments (every part), its id and what the provider derives from them
   * (`derived`: a rotation's `rotation_rfc3339`) as attributes; the stack's own terraform_data as Terraform wrote it.
   */
  providerState(): string {
    const state = JSON.parse(readFileSync(this.stateFile, "utf8")) as {
      readonly resources: ReadonlyArray<{
        readonly mode: "managed" | "data";
        readonly type: string;
        readonly name: string;
        readonly instances: ReadonlyArray<{
          readonly index_key?: string;
          readonly attributes: { readonly id: string; readonly input?: { readonly value?: Record<string, unknown> } };
        }>;
      }>;
    };
    const resources = new Map<
      string,
      { type: string; name: string; instances: Map<string, Record<string, unknown>> }
    >();
    // The data sources' stand-ins are no provider's objects: read again at every plan, as the data sources are.
    for (const resource of state.resources.filter(({ mode }) => mode === "managed")) {
      const original = originalAddress(`terraform_data.${resource.name}`);
      const [type, name] = [original.slice(0, original.indexOf(".")), original.slice(original.indexOf(".") + 1)];
      const entry = resources.get(original) ?? { type, name, instances: new Map() };
      for (const instance of resource.instances) {
        const key = JSON.stringify(instance.index_key ?? null);
        const side = SIDE_PART.test(resource.name);
        const attributes =
          original === `terraform_data.${resource.name}`
            ? instance.attributes
            : { ...instance.attributes.input?.value, ...(side ? {} : { id: instance.attributes.id }) };
        entry.instances.set(key, { ...entry.instances.get(key), ...attributes });
      }
      resources.set(original, entry);
    }
    return JSON.stringify({
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "planner",
      outputs: {},
      resources: [...resources.values()].map(({ type, name, instances }) => ({
        mode: "managed",
        type,
        name,
        provider:
          type === "terraform_data"
            ? 'provider["terraform.io/builtin/terraform"]'
            : `provider["registry.terraform.io/hashicorp/${type.startsWith("time_") ? "time" : "tfe"}"]`,
        instances: [...instances].map(([key, attributes]) => ({
          ...(key === "null" ? {} : { index_key: JSON.parse(key) as string }),
          schema_version: 0,
          attributes: { ...attributes, ...derivedAttributes(type, attributes) },
        })),
      })),
    });
  }

  /** What `terraform output -json` prints for the applied stack: token outputs hold their stand-ins' ids. */
  async outputs(): Promise<string> {
    const answer = await this.ask(keyOf(this.history, "outputs"), async () => {
      const shown = await runTerraform(["output", "-json"], this.path);
      return shown.status === 0 ? { outputs: shown.stdout } : { error: shown.stderr.trim() };
    });
    if (answer.outputs === undefined) throw new Error(`terraform output failed: ${answer.error}`);
    return answer.outputs;
  }

  /** Terraform's answer to an operation: kept from an earlier run, or asked now and kept. */
  private async ask(key: string, run: () => Promise<Answer>): Promise<Answer> {
    const known = cached(key);
    if (known !== undefined) return known;
    return keep(key, await run());
  }

  private async runPlan(mode: readonly string[] = []): Promise<Answer> {
    const planned = await runTerraform(
      ["plan", ...mode, "-input=false", "-no-color", "-lock=false", "-out=plan.bin"],
      this.path,
    );
    if (planned.status !== 0) return { error: planned.stderr.trim() };
    const shown = await runTerraform(["show", "-json", "plan.bin"], this.path);
    return { plan: shown.stdout };
  }

  /** Writes the configuration Terraform runs on, and the empty state its data sources read; returns its text. */
  private write(json: unknown): string {
    const text = JSON.stringify(json, null, 2);
    writeFileSync(join(this.path, "main.tf.json"), text);
    writeFileSync(join(this.path, EMPTY_STATE_FILE), EMPTY_STATE);
    return text;
  }
}

/** A resource of a state Terraform wrote, its instances as they are. */
interface StateResource {
  readonly mode: string;
  readonly name: string;
  readonly instances: ReadonlyArray<{ readonly index_key?: string | number }>;
}

/** The attributes the provider derives from an object's arguments and base (its schema's `derived`). */
function derivedAttributes(type: string, attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const schema = PROVIDER_SCHEMAS.get(type);
  const base = schema?.createdAt === undefined ? undefined : attributes[schema.createdAt];
  if (typeof base !== "string") return {};
  return Object.fromEntries(
    Object.entries(schema?.derived ?? {}).map(([name, derived]) => [
      name,
      derived.stored((argument) => attributes[argument], base),
    ]),
  );
}

/** A state file Terraform wrote (format 4): what `receive` reads and writes of it, everything else kept. */
function readState(file: string): {
  readonly serial: number;
  readonly resources: readonly StateResource[];
} {
  return JSON.parse(readFileSync(file, "utf8")) as { serial: number; resources: StateResource[] };
}

/** What Terraform planned for the stack, read from its JSON plan, or its refusal. */
function planOf(answer: Answer, stack: StackJson): Plan {
  if (answer.error !== undefined) return { ok: false, error: answer.error };
  const plan = JSON.parse(answer.plan!) as {
    readonly resource_changes?: ReadonlyArray<{
      readonly address: string;
      readonly change: {
        readonly actions: readonly string[];
        readonly importing?: unknown;
        readonly before?: { readonly input?: Record<string, unknown> } | null;
        readonly after?: { readonly input?: Record<string, unknown> } | null;
        readonly after_unknown?: { readonly input?: unknown };
      };
    }>;
  };
  // A resource with ignored or kept arguments has more stand-ins (rewrite.ts): one change, the main one's action
  // unless that is a no-op, every part's arguments.
  const parts = new Map<string, { main?: PlannedChange; sides: PlannedChange[]; unknown: boolean }>();
  for (const { address, change } of plan.resource_changes ?? []) {
    const action = ACTIONS[change.actions.join(",")];
    if (action === undefined)
      throw new Error(`${address}: an action the planner does not know, ${change.actions.join(",")}`);
    const original = originalAddress(address);
    const planned: PlannedChange = {
      action,
      importing: change.importing !== undefined && change.importing !== null,
      before: change.before?.input ?? undefined,
      after: change.after?.input ?? undefined,
    };
    const entry = parts.get(original) ?? { sides: [], unknown: false };
    if (SIDE_PART.test(address.replace(/\[.*$/, ""))) entry.sides.push(planned);
    else entry.main = planned;
    entry.unknown ||= holdsUnknown(change.after_unknown?.input);
    parts.set(original, entry);
  }
  const changes = new Map<string, PlannedChange>();
  const merged = (values: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>) =>
    values.every((value) => value === undefined)
      ? undefined
      : Object.fromEntries(values.flatMap((value) => (value === undefined ? [] : Object.entries(value))));
  for (const [address, { main, sides, unknown }] of parts) {
    const changed = sides.find((side) => side.action !== "no-op");
    const before = merged([...sides.map((side) => side.before), main?.before]);
    const planned = merged([...sides.map((side) => side.after), main?.after]);
    // An argument the stack starts or stops ignoring moves between the stand-ins, updating the main one's input. The
    // provider has one object: an argument it ignores keeps its prior value (the main stand-in's, else the ignored
    // part's), and nothing changes when no argument's value does. Once such a move is applied, the ignored part holds
    // the value it had before the argument was owned: a plan after that reads the older value as the prior one. Only a
    // resource with side parts can move so: the merge reads an input that is no object (a `terraform_data` of the
    // stack's own with a scalar input) as empty, and its update would pass for a move.
    const after =
      main?.action === "update" && planned !== undefined && before !== undefined
        ? { ...planned, ...keptValues(before, ignoredBy(stack, address)) }
        : planned;
    const moved =
      main?.action === "update" &&
      sides.length > 0 &&
      changed === undefined &&
      !unknown &&
      isDeepStrictEqual(before, after);
    const action = main === undefined || main.action === "no-op" || moved ? (changed?.action ?? "no-op") : main.action;
    changes.set(address, { action, importing: main?.importing === true, before, after });
  }
  return { ok: true, changes };
}

/** The arguments the stack's block of a resource (`tfe_team.x`, or an instance `tfe_team.x["bob"]`) ignores. */
function ignoredBy(stack: StackJson, address: string): readonly string[] {
  const lifecycle = blockAt(stack, address)?.lifecycle as { readonly ignore_changes?: readonly string[] } | undefined;
  return lifecycle?.ignore_changes ?? [];
}

/** The prior values of the ignored arguments. */
const keptValues = (before: Readonly<Record<string, unknown>>, ignored: readonly string[]) =>
  Object.fromEntries(
    ignored.filter((argument) => Object.hasOwn(before, argument)).map((argument) => [argument, before[argument]]),
  );

/** Whether a part of a plan's `after_unknown` marks a value unknown until the apply. */
function holdsUnknown(marks: unknown): boolean {
  if (marks === true) return true;
  return typeof marks === "object" && marks !== null && Object.values(marks).some(holdsUnknown);
}

/**
 * `tfe_team.x["bob"]` for `terraform_data.tfe_team__x["bob"]` and its `__unowned`, `__created` and `__kept_<argument>`
 * parts; the stack's own terraform_data, whose names have no `__`, as it is.
 */
function originalAddress(address: string): string {
  const match = /^terraform_data\.([^[]+?)(?:__unowned|__created|__kept_[a-z_]+)?(\[.*)?$/.exec(address);
  const standIn = match?.[1] ?? "";
  if (match !== null && !standIn.includes("__")) return address;
  const type = [...PROVIDER_SCHEMAS.keys()].find((candidate) => standIn.startsWith(`${candidate}__`));
  if (match === null || type === undefined) throw new Error(`${address} is no stand-in of the planner`);
  return `${type}.${standIn.slice(type.length + 2)}${match[2] ?? ""}`;
}
