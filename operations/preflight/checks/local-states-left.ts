import { STACK_ID } from "../../../stacks/workshop-stack";
import { count, listed } from "../../../text/count";
import type { ManagedObjects, StateReading } from "../../stack-state";
import { blocker, configStacks, MOST_NAMED, warning, type CheckItem, type PreflightCheck } from "../check";
import type { LocalStateLeft, PreflightFacts } from "../facts";
import { shownFile } from "./state";

/** Where the docs move a local state into Terraform Cloud. */
const MIGRATION = 'docs/operations.md, "The state holds the tokens", step 3';

/** Whether a state manages anything in Terraform Cloud, which a deploy from another state would create again. */
const managesAnything = (managed: ManagedObjects): boolean =>
  managed.organization !== undefined ||
  managed.project !== undefined ||
  managed.workspaces.size + managed.teams.size + managed.invitations.size + managed.tokens.length > 0;

/** What a state manages, in a few words. */
const manages = (managed: ManagedObjects) =>
  `${count(managed.workspaces.size, "workspace")}, ${count(managed.teams.size, "team")} and ` +
  count(managed.tokens.length, "token");

/**
 * The state a stack keeps in Terraform Cloud as read; undefined when it was not (its own line says why). A shard
 * beyond the config's that the search did not find has none there, when the token sees every workspace.
 */
function cloudReading(id: string, facts: PreflightFacts): StateReading | undefined {
  if (id === STACK_ID) return facts.state?.reading;
  const shard = facts.shardStates?.get(id);
  if (shard !== undefined) return shard.reading.kind === "unanswered" ? undefined : shard.reading;
  const { shardSearch } = facts;
  return shardSearch?.kind === "listed" && shardSearch.seesEveryWorkspace === true ? { kind: "none" } : undefined;
}

/** What a local file left holds against its stack's state in Terraform Cloud. */
type Verdict =
  | { readonly kind: "unreadable"; readonly problem: string }
  /** An older copy of the state there, with the count of tokens it holds in plain text. */
  | { readonly kind: "copy"; readonly tokens: number }
  /** It manages what the state there did not come from: what, and why not, in words. */
  | { readonly kind: "unmoved"; readonly why: string; readonly stateThere: boolean };

/**
 * A local file against its stack's state in Terraform Cloud. Terraform's move of a state (`terraform init
 * -migrate-state`) keeps its lineage and serial, and leaves the file of a local backend with a path as it was: one of
 * the same lineage whose serial the state there has reached is a copy; any other that manages something holds what the
 * deploy, which reads Terraform Cloud's state alone, would create again. An empty file (what the move of a local state
 * without a path leaves), or one that manages nothing, is safe; one whose state there was not read says nothing.
 */
function verdictOf(id: string, left: LocalStateLeft, facts: PreflightFacts): Verdict | undefined {
  const { reading } = left;
  if (reading.kind === "unreadable") return { kind: "unreadable", problem: reading.problem };
  if (reading.kind === "none" || !managesAnything(reading.managed)) return undefined;
  const cloud = cloudReading(id, facts);
  if (cloud === undefined || cloud.kind === "unreadable") return undefined;
  const held = manages(reading.managed);
  const there = left.keptIn.workspace;
  const unmoved = (why: string) =>
    ({ kind: "unmoved", why: `${held}; ${there} ${why}`, stateThere: cloud.kind === "read" }) as const;
  if (cloud.kind === "none") return unmoved("has no state");
  if (reading.lineage === undefined || cloud.lineage !== reading.lineage)
    return unmoved("holds a state of another lineage");
  const [serial, fileSerial] = [cloud.serial ?? 0, reading.serial ?? 0];
  if (serial < fileSerial) return unmoved(`holds an earlier serial of it, ${serial} to the file's ${fileSerial}`);
  return { kind: "copy", tokens: reading.managed.tokens.length };
}

/**
 * The local state files that stacks whose state is in Terraform Cloud now (`state` set) left behind: a blocker for
 * those that manage what the state there did not come from (not moved, or moved and deployed again locally since),
 * since the deploy reads Terraform Cloud's alone and would create it all again, failing on each name still taken
 * (whether the file's objects still exist is not looked up); a warning for older copies, which hold the tokens in
 * plain text, and for files that cannot be read, of which nothing is concluded.
 */
export const localStatesLeftCheck: PreflightCheck = (config, facts) => {
  const unmoved: Array<{ readonly file: string; readonly stack: string; readonly stateThere: boolean }> = [];
  const copies: Array<{ readonly file: string; readonly tokens: number }> = [];
  const unreadable: string[] = [];
  for (const [id, left] of facts.localStatesLeft ?? []) {
    const verdict = verdictOf(id, left, facts);
    const file = shownFile(left.location.file);
    if (verdict?.kind === "unmoved")
      unmoved.push({ file: `${file} (${verdict.why})`, stack: id, stateThere: verdict.stateThere });
    else if (verdict?.kind === "copy") copies.push({ file, tokens: verdict.tokens });
    else if (verdict?.kind === "unreadable") unreadable.push(`${file} ${verdict.problem}`);
  }
  return [...unmovedItems(unmoved, configStacks(config)), ...copyItems(copies), ...unreadableItems(unreadable)];
};

/** The subject of the lines of local state files left. */
const SUBJECT = "local state files";

/** A few of the files, named, with the words that agree with their count. */
function namedFiles(files: readonly string[]) {
  const one = files.length === 1;
  return {
    names: listed(files, MOST_NAMED),
    ...(one
      ? { it: "it", they: "it", its: "its stack's state", does: "does", are: "is", s: "s", the: "the file" }
      : { it: "them", they: "they", its: "their stacks' states", does: "do", are: "are", s: "", the: "the files" }),
  };
}

/** The blocker of files that manage what their stacks' states in Terraform Cloud do not hold. */
function unmovedItems(
  unmoved: ReadonlyArray<{ readonly file: string; readonly stack: string; readonly stateThere: boolean }>,
  stacks: ReadonlySet<string>,
): CheckItem[] {
  if (unmoved.length === 0) return [];
  const { names, it, they, its, does, s, the } = namedFiles(unmoved.map(({ file }) => file));
  const directories = listed(
    unmoved.map(({ stack }) => `cdktf.out/stacks/${stack}`),
    MOST_NAMED,
  );
  const ownState = unmoved.some(({ stateThere }) => stateThere);
  // Synth writes a stack's directory only for the shards the config has.
  const beyond = unmoved.flatMap(({ stack }) => (stacks.has(stack) ? [] : [stack]));
  const synthesizedFirst =
    beyond.length === 0
      ? ""
      : `; ${listed(beyond, MOST_NAMED)}, no shard of this config, ${beyond.length === 1 ? "has its" : "have their"} ` +
        "directory once synthesized with attendees.shards as the room was deployed";
  return [
    blocker(
      SUBJECT,
      `${names} manage${s} what ${its} in Terraform Cloud ${does} not hold: the deploy reads the states there ` +
        "alone, and would create all of it again, failing on each name still taken in Terraform Cloud (preflight " +
        `did not look up whether what ${the} manage${s} still exists)`,
      `move ${it} there before the deploy: terraform init -migrate-state in ${directories} (${MIGRATION})` +
        (ownState ? "; where the workspace holds a state of its own, keep the one that manages the room" : "") +
        synthesizedFirst +
        `; if what ${they} manage${s} was deleted from Terraform Cloud, delete ${it} instead`,
    ),
  ];
}

/** The warning of files that are older copies of their stacks' states in Terraform Cloud. */
function copyItems(copies: ReadonlyArray<{ readonly file: string; readonly tokens: number }>): CheckItem[] {
  if (copies.length === 0) return [];
  const { names, it, they, its, are, s } = namedFiles(copies.map(({ file }) => file));
  const tokens = copies.reduce((sum, copy) => sum + copy.tokens, 0);
  return [
    warning(
      SUBJECT,
      `${names} ${are} ${copies.length === 1 ? "an older copy" : "older copies"} of ${its} in Terraform Cloud ` +
        `(the same lineage, a serial the state there has reached): nothing reads ${it} any more` +
        (tokens === 0 ? "" : `, and ${they} hold${s} ${count(tokens, "token")} in plain text`),
      `delete ${it}, and the .backup Terraform keeps beside each (docs/operations.md, "The state holds the tokens")`,
    ),
  ];
}

/** The warning of files that cannot be read: nothing is concluded from them. */
function unreadableItems(unreadable: readonly string[]): CheckItem[] {
  if (unreadable.length === 0) return [];
  const { names, it, they, its, are, does, s } = namedFiles(unreadable);
  return [
    warning(
      SUBJECT,
      `${names}: preflight cannot tell whether ${they} hold${s} what ${its} in Terraform Cloud ${does} not, and ` +
        `concludes nothing from ${it}`,
      `if ${they} ${are} ${unreadable.length === 1 ? "a state" : "states"} from before "state" was set, restore ` +
        `${it} (Terraform keeps the previous one as .backup) and move ${it} there (${MIGRATION}); else delete ${it}`,
    ),
  ];
}
