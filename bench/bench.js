#!/usr/bin/env node
// `npm run bench`: measures, side by side in one run, the README's synth command against the floor (Node.js
// loading cdktf and constructs), rooms of 1,000 and 10,000 attendees, and the test suite against a one-file vitest
// run, and checks the budgets as ratios, which hold on a noisy machine; counts what a late attendee's plan refreshes
// in a room of 1,000 in 10 shards against the same room in one stack (bench/shards.ts); then, in a rehearsal of 1,000
// attendees, what verify and the board ask of Terraform Cloud and how the board's page keeps up (bench/room.ts).
// Progress goes to stderr, the tables to stdout. `--help` says how to run it.
"use strict";
const { parseArgs } = require("node:util");

const USAGE = "node bench/bench.js [--runs N]";
const HELP = [
  `usage: ${USAGE} (npm run bench [-- --runs N])`,
  "",
  "bench: measures the speed budgets side by side in one run (about 4 minutes), and exits 1 when one is over.",
  "",
  "  --runs N  how many runs each synth scenario's median is of, 1 to " +
    "100 (default 5; the tests run half as often, at least 3)",
  "  --help    print this and exit",
  "",
  "reads:",
  "  WORKSHOP_CHROMIUM  the Chromium or Chrome that measures the board's page " +
    "(default: /usr/bin/chromium); without one, the page is not measured",
  "",
  "example:",
  "  npm run bench -- --runs 3",
];
let runsGiven;
try {
  const { values } = parseArgs({
    options: { runs: { type: "string" }, help: { type: "boolean" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP.join("\n"));
    process.exit(0);
  }
  runsGiven = values.runs;
  if (runsGiven !== undefined && !(/^\d{1,3}$/.test(runsGiven) && Number(runsGiven) >= 1 && Number(runsGiven) <= 100)) {
    throw new Error(`--runs must be a whole number from 1 to 100, but ${JSON.stringify(runsGiven)} was given`);
  }
} catch (error) {
  // In the words of every other command: node's own messages quote with ' and end with a sentence of their own.
  const word = /'([^']*)'/.exec(error.message)?.[1];
  const mistakes = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: `unknown option "${word}"`,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `"${word}" is not an option; it takes none but those in its usage`,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: "--runs needs a value, N",
  };
  console.error(
    "bench: " +
      `${mistakes[error.code] ?? error.message.split("\n")[0].replace(/\.$/, "")}` +
      `; usage: ${USAGE} (--help for more)`,
  );
  process.exit(2);
}

const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { boardPageDefine } = require("../bin/bundle");

const root = path.join(__dirname, "..");
const RUNS = runsGiven === undefined ? 5 : Number(runsGiven);
const TEST_RUNS = Math.max(3, Math.ceil(RUNS / 2));
const work = mkdtempSync(path.join(os.tmpdir(), "workshop-bench-"));

/** The bench's attendee at an index: `attendee00000` first. */
const attendeeName = (index) => `attendee${String(index).padStart(5, "0")}`;

function roomConfig(attendees, shards) {
  const file = path.join(work, `room-${attendees}${shards === undefined ? "" : `-in-${shards}`}.json`);
  const names = Array.from({ length: attendees }, (_, index) => attendeeName(index));
  const room = shards === undefined ? names : { names, shards };
  writeFileSync(
    file,
    JSON.stringify({
      organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
      project: { name: "AWS workshop" },
      attendees: room,
    }),
  );
  return file;
}

/** Terraform Cloud's documented rate limit per user, which every plan of a deploy shares. */
const REQUESTS_PER_SECOND = 30;
/**
 * The room of 1,000 that the synth is timed for, in one stack and in 10 shards, and the sharded one with a late
 * attendee more (the next name); bench/shards.ts counts them.
 */
const ROOM = { attendees: 1000, shards: 10 };
const oneStackRoom = roomConfig(ROOM.attendees);
const shardedRoom = roomConfig(ROOM.attendees, ROOM.shards);
const lateAttendeeRoom = roomConfig(ROOM.attendees + 1, ROOM.shards);
/** The shared stack's id (stacks/workshop-stack.ts's STACK_ID): what a late attendee's synth must leave alone. */
const SHARED_STACK = "aws-workshop";

const synth = ["node", [path.join("bin", "synth.js")]];
const synthScenarios = [
  {
    name: "floor: node loading cdktf and constructs",
    command: ["node", ["-e", 'require("cdktf"); require("constructs")']],
  },
  { name: "README synth: node bin/synth.js, default config", command: synth },
  { name: "1,000 attendees", command: synth, config: oneStackRoom },
  { name: "10,000 attendees", command: synth, config: roomConfig(10000) },
  { name: "1,000 attendees in 10 shards", command: synth, config: shardedRoom },
];
// The one-file run is vitest without this project's setup: a config with nothing but the file, so that no fixed cost
// of the project's suite hides in the baseline. Both sides are vitest's own command, `npm test`'s `vitest run`
// without npm's launcher, whose start-up would shrink the ratio.
const plainConfig = path.join(work, "one-file.config.mjs");
writeFileSync(
  plainConfig,
  `export default { root: ${JSON.stringify(root)}, test: { include: ["__tests__/workflows.test.ts"] } };\n`,
);
const vitest = path.join("node_modules", "vitest", "vitest.mjs");
const testScenarios = [
  {
    name: "one-file run: node vitest.mjs run, no project setup",
    command: ["node", [vitest, "run", "--config", plainConfig]],
  },
  { name: "npm test's suite: node vitest.mjs run", command: ["node", [vitest, "run"]] },
];

function runOnce(scenario, measureMemory) {
  const peakFile = path.join(work, "peak-rss");
  writeFileSync(peakFile, "");
  const env = { ...process.env, CDKTF_OUTDIR: path.join(work, "cdktf.out"), CHECKPOINT_DISABLE: "1" };
  if (measureMemory)
    Object.assign(env, {
      BENCH_PEAK_RSS_FILE: peakFile,
      NODE_OPTIONS: `--require ${path.join(__dirname, "peak-rss.js")}`,
    });
  if (scenario.config !== undefined) env.WORKSHOP_CONFIG = scenario.config;
  else delete env.WORKSHOP_CONFIG;
  const start = process.hrtime.bigint();
  const result = spawnSync(scenario.command[0], scenario.command[1], { cwd: root, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${scenario.name} failed:\n${result.stdout}\n${result.stderr}`);
  const peaks = measureMemory ? readFileSync(peakFile, "utf8").trim().split("\n").map(Number) : [0];
  return { seconds, peakMiB: Math.max(...peaks) / 1024 };
}

/** `part` of `whole` in percent, in instances or requests. */
const percentOf = (part, whole, what) => (100 * part[what]) / whole[what];

/**
 * A shard's plan with the shared stack's, which `npm run deploy` plans first when it changed too, or its rotation is
 * due.
 */
const withShared = (sharding, load) => ({
  instances: load.instances + sharding.shared.instances,
  requests: load.requests + sharding.shared.requests,
});

/**
 * What `npm run deploy` plans for a late attendee, from the stacks their synth changed byte for byte (bench/shards.ts):
 * their shard, the mean one (the hash of the name sends a late attendee to any shard alike), and the shared stack only
 * if it changed. A late attendee who changed more than one shard breaks the sharding itself: the bench stops.
 */
function lateAttendeeDeploy(sharding) {
  const changed = sharding.lateAttendeeChanges;
  const shards = changed.filter((id) => id !== SHARED_STACK);
  if (shards.length !== 1)
    throw new Error(`a late attendee changed ${shards.length} shards (${shards.join(", ")}), where one is the design`);
  const sharedChanged = changed.includes(SHARED_STACK);
  return {
    sharedChanged,
    shard: shards[0],
    load: sharedChanged ? withShared(sharding, sharding.meanShard) : sharding.meanShard,
  };
}

/**
 * Every view of a late attendee's plan in the sharded room (bench/shards.ts): which stacks their synth changed, the
 * mean shard and the largest, alone (what `npm run deploy` plans while the shared stack is unchanged) and with the
 * shared stack (when it changed too, or its rotation is due), against the room as deployed in shards and as the same
 * names in one stack, in instances and in requests; then what the rate limit makes of a full deploy.
 */
function shardLines(sharding) {
  const { attendees, shards, oneStack, sharded, meanShard, largestShard } = sharding;
  const late = lateAttendeeDeploy(sharding);
  const row = (plan, load) => {
    const cells = ["instances", "requests"].flatMap((what) => [
      load[what].toFixed(0),
      `${percentOf(load, sharded, what).toFixed(2)}%`,
      `${percentOf(load, oneStack, what).toFixed(2)}%`,
    ]);
    return `| ${plan} | ${cells.join(" | ")} |`;
  };
  return [
    `A late attendee in a room of ${attendees} in ${shards} shards: what their plan refreshes and asks of ` +
      `Terraform Cloud, against the room as deployed in shards (${sharded.instances} instances, ` +
      `${sharded.requests} requests) and the same names in one stack (${oneStack.instances} instances, ` +
      `${oneStack.requests} requests). A request is a tfe_* instance's read, or one of a shard's project ` +
      "lookup (each page of 100 of the organization's projects); time_rotating and terraform_data " +
      "ask nothing.",
    "",
    `A late attendee (${attendeeName(attendees)}) changes ${late.shard} ` +
      (late.sharedChanged
        ? `and the shared stack ${SHARED_STACK}: npm run deploy plans both.`
        : `alone; the shared stack ${SHARED_STACK} is byte for byte the same, so npm run deploy does not plan it.`),
    "",
    "| plan | instances | of the sharded room | of the one-stack room | " +
      "requests | of the sharded room's | of the one-stack room's |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    row("mean shard: a late attendee's deploy, the shared stack unchanged", meanShard),
    row(`largest shard (${largestShard.attendees} attendees): the same, in the largest`, largestShard),
    row(
      "mean shard and the shared stack: a deploy that changes both, or the shared stack's rotation due",
      withShared(sharding, meanShard),
    ),
    row("largest shard and the shared stack: the same, in the largest", withShared(sharding, largestShard)),
    "",
    "A full deploy of every shard takes at least " +
      `${(sharded.requests / REQUESTS_PER_SECOND).toFixed(0)} s at ${REQUESTS_PER_SECOND} requests ` +
      "a second (each shard's project lookup included), one state " +
      `${(oneStack.requests / REQUESTS_PER_SECOND).toFixed(0)} s.`,
  ];
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const progress = (line) => process.stderr.write(`bench: ${line}\n`);

/** Runs the scenarios in interleaved rounds, so that a slow moment of the machine hits them all alike. */
function measure(what, scenarios, runs, measureMemory) {
  const samples = scenarios.map(() => []);
  for (let round = 0; round < runs; round++) {
    progress(`${what}, round ${round + 1} of ${runs}`);
    scenarios.forEach((scenario, index) => samples[index].push(runOnce(scenario, measureMemory)));
  }
  return scenarios.map((scenario, index) => ({
    ...scenario,
    seconds: median(samples[index].map((sample) => sample.seconds)),
    peakMiB: Math.max(...samples[index].map((sample) => sample.peakMiB)),
  }));
}

/**
 * Bundles a part of the bench beside node_modules (so that it finds playwright-core there), runs it with `args`, and
 * reads its last line.
 */
function runBundled(what, entry, args) {
  progress(what);
  const bundle = path.join(root, "node_modules", ".cache", "workshop-bench", `${path.basename(entry, ".ts")}.js`);
  require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: bundle,
    external: ["cdktf-cli", "playwright-core"],
    define: boardPageDefine(),
    logLevel: "warning",
  });
  const ran = spawnSync("node", [bundle, ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (ran.status !== 0) throw new Error(`${what} failed (above)`);
  return JSON.parse(ran.stdout.trim().split("\n").pop());
}

try {
  // Build first, so that no scenario pays for the type check or the bundle.
  progress("building");
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(1);

  const synths = measure("synth", synthScenarios, RUNS, true);
  const tests = measure("tests", testScenarios, TEST_RUNS, false);
  const [floor, readmeSynth, room1000, room10000, sharded1000] = synths;
  const sharding = runBundled(`a room of ${ROOM.attendees} in ${ROOM.shards} shards`, "bench/shards.ts", [
    oneStackRoom,
    shardedRoom,
    lateAttendeeRoom,
  ]);
  const late = lateAttendeeDeploy(sharding);
  const [oneFile, suite] = tests;
  const room = runBundled("the room of 1,000 attendees", "bench/room.ts", []);

  const budgets = [
    { what: "README synth / floor", value: readmeSynth.seconds / floor.seconds, limit: 1.2, unit: "x" },
    { what: "10,000 attendees / README synth", value: room10000.seconds / readmeSynth.seconds, limit: 2, unit: "x" },
    { what: "10,000 attendees peak memory", value: room10000.peakMiB, limit: 200, unit: " MiB" },
    {
      what: "1,000 attendees in 10 shards / 1,000 attendees in one stack",
      value: sharded1000.seconds / room1000.seconds,
      limit: 2.5,
      unit: "x",
    },
    {
      what:
        "late attendee's deploy: instances it refreshes " +
        `(${late.sharedChanged ? "shared stack and mean shard" : "mean shard alone, the shared stack unchanged"}) ` +
        "/ the room in one stack",
      value: percentOf(late.load, sharding.oneStack, "instances"),
      limit: 10,
      unit: "%",
    },
    {
      what: "npm test's suite / one-file run, vitest's own command",
      value: suite.seconds / oneFile.seconds,
      limit: 5,
      unit: "x",
    },
    {
      what: `verify: requests per token, ${room.attendees} attendees`,
      value: room.verify.requests / room.verify.tokens,
      limit: 2,
      unit: "",
    },
    {
      what: `board: requests of its first refresh, ${room.attendees} attendees who all pushed`,
      value: room.board.firstRefresh,
      limit: room.board.budget,
      unit: "",
    },
    {
      what: `board: requests of each later refresh, ${room.attendees} attendees who all pushed`,
      value: room.board.refresh,
      limit: room.board.budget,
      unit: "",
    },
    {
      what: `ending the event, ${room.attendees} attendees: minutes at the rate limit`,
      value: room.ending.seconds / 60,
      limit: 5,
      unit: " min",
    },
    ...(room.page === undefined
      ? []
      : [
          {
            what: `board page: longest main-thread task while ${room.attendees} tiles update`,
            value: room.page.longestUpdateTaskMs,
            limit: 50,
            unit: " ms",
          },
        ]),
  ];

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node.js ${process.version}; median of ${RUNS} runs (tests: ${TEST_RUNS})`,
  );
  console.log("");
  console.log("| scenario | median | vs floor | peak memory |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const result of synths) {
    console.log(
      `| ${result.name} | ${result.seconds.toFixed(2)} s | ` +
        `${(result.seconds / floor.seconds).toFixed(2)}x | ` +
        `${result.peakMiB.toFixed(0)} MiB |`,
    );
  }
  for (const result of tests) console.log(`| ${result.name} | ${result.seconds.toFixed(2)} s | | |`);
  console.log("");
  console.log("| budget | measured | limit | |");
  console.log("| --- | ---: | ---: | --- |");
  for (const budget of budgets) {
    const ok = budget.value <= budget.limit;
    const shown = Number.isInteger(budget.value) ? String(budget.value) : budget.value.toFixed(2);
    console.log(`| ${budget.what} | ${shown}${budget.unit} | ${budget.limit}${budget.unit} | ${ok ? "ok" : "OVER"} |`);
  }
  console.log("");
  console.log(
    `A rehearsal of ${room.attendees} attendees: verify asked ${room.verify.requests} requests for ` +
      `${room.verify.tokens} tokens in ${room.verify.seconds.toFixed(0)} s at the default pace (exit ` +
      `${room.verify.exitCode}); the board's first refresh, every attendee having pushed state, ` +
      `${room.board.firstRefresh} requests, each later one ${room.board.refresh}.`,
  );
  console.log("");
  for (const line of shardLines(sharding)) console.log(line);
  console.log("");
  console.log(
    `Ending the event of ${room.attendees} attendees refreshes ${room.ending.objects} ` +
      `objects and deletes ${room.ending.deletes}: ${room.ending.requests} requests, at ` +
      `least ${(room.ending.seconds / 60).toFixed(1)} minutes at 30 a second.`,
  );
  if (room.page === undefined) console.log("The board's page was not measured: no Chromium (see WORKSHOP_CHROMIUM).");
  else {
    const longest = room.page.longestUpdateTaskMs;
    const updateTask = longest === 0 ? "no task of 50 ms or more" : `a longest task of ${longest.toFixed(0)} ms`;
    console.log(
      `The board's page showed ${room.attendees} tiles ${room.page.tilesShownMs} ms after it was opened ` +
        `(longest task ${room.page.longestTaskMs.toFixed(0)} ms), and a change of the room ` +
        `${room.page.updateShownMs} ms after the board read it (it polls every second), with ${updateTask}.`,
    );
  }
  if (budgets.some((budget) => budget.value > budget.limit)) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
