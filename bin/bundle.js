// The build's second step, after tsc -b has type-checked: esbuild bundles the synth app (main.ts) and the
// commands (commands/cli.ts) into one file each in dist/, so that Node.js loads one file instead of hundreds.
"use strict";
const path = require("node:path");

const root = path.join(__dirname, "..");

/** Bundles the entry points; returns esbuild's result. */
function bundle() {
  return require("esbuild").build({
    absWorkingDir: root,
    entryPoints: { synth: "main.ts", cli: "commands/cli.ts" },
    // Spawned, never loaded: the deploy runs the cdktf CLI as a program of its own.
    external: ["cdktf-cli"],
    outdir: "dist",
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    legalComments: "none",
    // A third less for Node.js to read and compile on every command; names are kept, so messages and the class
    // names some code reads (a parser's error classes) are as in the sources.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
}

module.exports = { bundle };

if (require.main === module) {
  bundle().catch(() => {
    process.exitCode = 1;
  });
}
