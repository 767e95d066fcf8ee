import { readdirSync, rmSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { errnoReason } from "../files/read";
import { Manifest } from "cdktf";
import { STACK_ID } from "../stacks/workshop-stack";
import { count, listed } from "../text/count";
import { byShardNumber, shardNumberOf } from "../workshop/defaults";

/** The files a synth writes as a stack: cdk.tf.json, or cdk.tf with the HCL switch. */
const SYNTHESIZED_STACK_FILES = ["cdk.tf.json", "cdk.tf"];

/** A Terraform state file or its backup, which no synth writes into a stack's directory. */
const STATE_FILE = /\.tfstate(?:\.|$)/;

/** A directory's entries, or none when it cannot be read. */
function entriesOf(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Removes from `<outdir>/stacks` the directories an earlier synth wrote for stacks this synth no longer makes (the
 * shards above a smaller count, or every shard of a room no longer sharded), as cdktf's own synth removes the
 * directories its manifest no longer lists: nothing reads them, but every `cdktf.out/stacks/aws-workshop*` looks
 * like a stack to deploy or migrate. Only what a synth made goes: a directory, never a link, named as the workshop's
 * stacks are, holding a synthesized stack; one that holds a state file is someone's, kept and named in a warning.
 * One that cannot be removed (a `.terraform` another user made) is named in a warning: the synth goes on, as nothing
 * needs it gone.
 * @param kept the stack ids this synth wrote
 * @param remove how a directory is removed: a test's stand-in may fail
 */
export function removeStaleStacks(
  outdir: string,
  kept: ReadonlySet<string>,
  report: (line: string) => void,
  remove: (directory: string) => void = (directory) => rmSync(directory, { recursive: true }),
): void {
  const stacksDirectory = join(outdir, Manifest.stacksFolder);
  const stale = entriesOf(stacksDirectory).filter(
    (entry) =>
      entry.isDirectory() &&
      !kept.has(entry.name) &&
      (entry.name === STACK_ID || shardNumberOf(STACK_ID, entry.name) !== undefined) &&
      entriesOf(join(stacksDirectory, entry.name)).some(
        (file) => file.isFile() && SYNTHESIZED_STACK_FILES.includes(file.name),
      ),
  );
  const holdsState = (name: string) =>
    entriesOf(join(stacksDirectory, name)).some((file) => STATE_FILE.test(file.name));
  const names = stale.map((entry) => entry.name).sort(byShardNumber);
  const withState = names.filter(holdsState);
  const removed: string[] = [];
  const unremoved: string[] = [];
  // A Dirent is of the entry itself: a link is never a directory here, and rmSync removes a link inside as a link.
  for (const name of names.filter((each) => !withState.includes(each))) {
    try {
      remove(join(stacksDirectory, name));
      removed.push(name);
    } catch (error) {
      unremoved.push(`${name} (${errnoReason(error)})`);
    }
  }
  if (removed.length > 0)
    report(
      `Removed ${count(removed.length, "stack")} of an earlier synth that this config no longer has from ` +
        `${stacksDirectory}: ${listed(removed)}.`,
    );
  if (unremoved.length > 0)
    report(
      `warning: could not remove all of ${listed(unremoved)} from ${stacksDirectory}, of no stack of this config ` +
        "(a later synth may no longer name it). " +
        "Fix: nothing reads it; delete what is left by hand (as the user who made it)",
    );
  if (withState.length > 0)
    report(
      `warning: kept ${listed(withState)} in ${stacksDirectory}, of no stack of this config, since a state file ` +
        "is there, which no synth writes. Fix: move the state where it belongs, then delete the directory",
    );
}
