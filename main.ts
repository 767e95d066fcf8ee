import { synth, SYNTH_COMMAND } from "./commands/synth";
import { parseCommandLine } from "./commands/usage";
import { terminalLine } from "./text/terminal";

// The synth's lines are made safe for a terminal as every command's are (commands/cli.ts); the synth holds no token.
const report = (line: string) => console.error(terminalLine(line));
const print = (line: string) => console.log(terminalLine(line));
const parsed = parseCommandLine(SYNTH_COMMAND, process.argv.slice(2));
if (!parsed.ok) {
  for (const line of parsed.lines) (parsed.code === 0 ? print : report)(line);
  process.exitCode = parsed.code;
} else {
  // --hcl writes plain Terraform, as cdktf synth --hcl does: the switch and its directory, set as cdktf's CLI sets
  // them, in the environment, which cdktf's stack reads for itself.
  if (parsed.values.hcl === true) {
    process.env.SYNTH_HCL_OUTPUT = "true";
    process.env.CDKTF_OUTDIR ??= "cdktf.out.hcl";
  }
  try {
    process.exitCode = synth({ env: process.env, now: new Date(), report, print });
  } catch (error) {
    // What the checks before it cannot foresee (a disk full, a permission taken away meanwhile): one line, as a
    // command's.
    report(`synth failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
