// The build's second step, after tsc -b has type-checked: esbuild bundles the synth app (main.ts) and the
// commands (commands/cli.ts) into one file each in dist/, so that Node.js loads one file instead of hundreds.
"use strict";
const path = require("node:path");

const root = path.join(__dirname, "..");

/**
 * The board's page script (operations/board/browser/main.ts) bundled for the browser, as esbuild's `define` that
 * hands its text to the server's `BOARD_PAGE_SCRIPT`: for the commands' bundle here, and for the tests and the bench,
 * which run the server from the sources.
 */
function boardPageDefine() {
  const built = require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: ["operations/board/browser/main.ts"],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    target: "es2022",
    legalComments: "none",
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
  return { BOARD_PAGE_SCRIPT: JSON.stringify(built.outputFiles[0].text) };
}

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
    define: boardPageDefine(),
    logLevel: "warning",
  });
}

module.exports = { bundle, boardPageDefine };

if (require.main === module) {
  bundle().catch(() => {
    process.exitCode = 1;
  });
}
