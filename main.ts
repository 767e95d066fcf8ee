import { synth } from "./commands/synth";
import { terminalLine } from "./text/terminal";

// The synth's lines are made safe for a terminal as every command's are (commands/cli.ts); the synth holds no token.
const report = (line: string) => console.error(terminalLine(line));
try {
  process.exitCode = synth({ env: process.env, now: new Date(), report });
} catch (error) {
  // What the checks before it cannot foresee (a disk full, a permission taken away meanwhile): one line, as a command's.
  report(`synth failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
