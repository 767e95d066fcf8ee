#!/usr/bin/env node
// `npm run bench`: times the README's synth command, side by side in one run, against the floor (Node.js
// loading cdktf and constructs) for the default config and for rooms of 100, 1,000 and 2,000 attendees,
// and checks the budgets as ratios, which hold on a noisy machine. Usage: node bench/bench.js [--runs N]
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const work = mkdtempSync(path.join(os.tmpdir(), "workshop-bench-"));

function roomConfig(attendees) {
  const file = path.join(work, `room-${attendees}.json`);
  const names = Array.from({ length: attendees }, (_, index) => `attendee${String(index).padStart(4, "0")}`);
  writeFileSync(file, JSON.stringify({ organization: { name: "acme-aws-workshop", email: "facilitator@example.com" }, attendees: names }));
  return file;
}

const synth = ["node", [path.join("bin", "synth.js")]];
const scenarios = [
  { name: "floor: node loading cdktf and constructs", command: ["node", ["-e", 'require("cdktf"); require("constructs")']] },
  { name: "default config", command: synth },
  { name: "100 attendees", command: synth, config: roomConfig(100) },
  { name: "1,000 attendees", command: synth, config: roomConfig(1000) },
  { name: "2,000 attendees", command: synth, config: roomConfig(2000) },
];

function runOnce(scenario) {
  const peakFile = path.join(work, "peak-rss");
  writeFileSync(peakFile, "");
  const env = {
    ...process.env,
    CDKTF_OUTDIR: path.join(work, "cdktf.out"),
    CHECKPOINT_DISABLE: "1",
    BENCH_PEAK_RSS_FILE: peakFile,
    NODE_OPTIONS: `--require ${path.join(__dirname, "peak-rss.js")}`,
  };
  if (scenario.config !== undefined) env.WORKSHOP_CONFIG = scenario.config;
  else delete env.WORKSHOP_CONFIG;
  const start = process.hrtime.bigint();
  const result = spawnSync(scenario.command[0], scenario.command[1], { cwd: root, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${scenario.name} failed:\n${result.stderr}`);
  const peakKiB = Math.max(...readFileSync(peakFile, "utf8").trim().split("\n").map(Number));
  return { seconds, peakMiB: peakKiB / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  // Build first, so that no scenario pays for compiling.
  const build = spawnSync("node", [path.join("bin", "synth.js"), "--build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(1);

  // Rounds interleave the scenarios, so that a slow moment of the machine hits them all alike.
  const samples = scenarios.map(() => []);
  for (let round = 0; round < RUNS; round++) scenarios.forEach((scenario, index) => samples[index].push(runOnce(scenario)));
  const results = scenarios.map((scenario, index) => ({
    ...scenario,
    seconds: median(samples[index].map((sample) => sample.seconds)),
    peakMiB: Math.max(...samples[index].map((sample) => sample.peakMiB)),
  }));
  const [floor, defaultConfig, , room1000, room2000] = results;

  const budgets = [
    { what: "default config / floor", value: defaultConfig.seconds / floor.seconds, limit: 2, unit: "x" },
    { what: "1,000 attendees / default config", value: room1000.seconds / defaultConfig.seconds, limit: 4, unit: "x" },
    { what: "1,000 attendees peak memory", value: room1000.peakMiB, limit: 200, unit: " MiB" },
    { what: "2,000 attendees / 1,000 attendees", value: room2000.seconds / room1000.seconds, limit: 2.2, unit: "x" },
  ];

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}; median of ${RUNS} runs`);
  console.log("");
  console.log("| scenario | median | vs floor | peak memory |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const result of results) {
    console.log(`| ${result.name} | ${result.seconds.toFixed(2)} s | ${(result.seconds / floor.seconds).toFixed(2)}x | ${result.peakMiB.toFixed(0)} MiB |`);
  }
  console.log("");
  console.log("| budget | measured | limit | |");
  console.log("| --- | ---: | ---: | --- |");
  for (const budget of budgets) {
    const ok = budget.value <= budget.limit;
    console.log(`| ${budget.what} | ${budget.value.toFixed(2)}${budget.unit} | ${budget.limit}${budget.unit} | ${ok ? "ok" : "OVER"} |`);
  }
  if (budgets.some((budget) => budget.value > budget.limit)) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
