// Runs the bundles `npm run build` made (tsc -b to type-check, then bin/bundle.js): one file each, loaded in
// this very process. A missing bundle is one line, not a stack trace.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

const dist = path.join(__dirname, "..", "dist");

function load(bundle) {
  const file = path.join(dist, bundle);
  if (existsSync(file)) return require(file);
  console.error(`${path.relative(process.cwd(), file) || file} is missing: run npm run build (npm ci runs it too)`);
  process.exitCode = 1;
  return undefined;
}

/** Runs the synth app. */
function synth() {
  load("synth.js");
}

/** Runs one of the commands of commands/cli.ts with its arguments, and exits with its code. */
function command(name, argv) {
  load("cli.js")
    ?.runCommand(name, argv)
    .then((code) => {
      process.exitCode = code;
    });
}

module.exports = { synth, command };
