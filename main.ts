import { synth } from "./commands/synth";

process.exitCode = synth({ env: process.env, now: new Date(), report: (line) => console.error(line) });
