// Compiles the TypeScript with tsc when a source, a tsconfig or package.json changed since the last
// build, so that the commands never run stale code and never pay for a compile they do not need.
"use strict";
const { spawnSync } = require("node:child_process");
const { readFileSync, readdirSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
// What tsc compiles, read from tsconfig.build.json so that the two lists cannot drift apart: the top
// folder or file of each include pattern, plus the files that change how it compiles.
const { include } = JSON.parse(readFileSync(path.join(root, "tsconfig.build.json"), "utf8"));
const SOURCES = [...new Set(include.map((pattern) => pattern.split("/")[0]))].concat("tsconfig.json", "tsconfig.build.json", "package.json");
const STAMP = path.join(root, "dist", ".build-stamp");

function modified(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function newestSource(relative) {
  const absolute = path.join(root, relative);
  const stats = statSync(absolute);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(absolute).map((entry) => newestSource(path.join(relative, entry))));
}

/** Builds when needed; returns false when tsc failed (its diagnostics are already printed). */
function ensureBuilt() {
  if (Math.max(...SOURCES.map(newestSource)) <= modified(STAMP)) return true;
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) return false;
  writeFileSync(STAMP, "");
  return true;
}

/** Builds when needed, then runs a compiled entry point in this very process. */
function run(entry) {
  if (!ensureBuilt()) {
    process.exitCode = 1;
    return;
  }
  if (entry !== undefined) require(path.join(root, "dist", entry));
}

/** Builds when needed, then runs one of the commands of commands/cli.ts with this process's arguments. */
function command(name) {
  if (!ensureBuilt()) {
    process.exitCode = 1;
    return;
  }
  require(path.join(root, "dist", "commands", "cli.js")).runCommand(name, process.argv.slice(2));
}

module.exports = { run, command };
