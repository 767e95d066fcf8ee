import { synth } from "./commands/synth";
import { terminalLine } from "./text/terminal";

// The synth's lines are made safe for a terminal as every command's are (commands/cli.ts); the synth holds no token.
process.exitCode = synth({ env: process.env, now: new Date(), report: (line) => console.error(terminalLine(line)) });
