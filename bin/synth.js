#!/usr/bin/env node
// The synth command: `node bin/synth.js` (what `npm run synth` and cdktf.json run too).
//
// It runs the compiled app in this very process, the fastest honest path: no ts-node, no npx, no second
// Node.js. To never run stale code, it first compiles with tsc when a TypeScript source, a tsconfig or
// package.json changed since the last build; `--build` compiles and stops.
"use strict";
const { spawnSync } = require("node:child_process");
const { readdirSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const SOURCES = ["main.ts", "config", "constructs", "stacks", "policy", "tsconfig.json", "tsconfig.build.json", "package.json"];
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

function build() {
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) return false;
  writeFileSync(STAMP, "");
  return true;
}

const stale = Math.max(...SOURCES.map(newestSource)) > modified(STAMP);
if (stale && !build()) {
  process.exitCode = 1;
} else if (!process.argv.includes("--build")) {
  require(path.join(root, "dist", "main.js"));
}
