// Preloaded into every measured Node.js process (NODE_OPTIONS=--require): appends the process's peak
// resident memory, in KiB, to the file the benchmark names, so memory is measured without any tool.
"use strict";
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  appendFileSync(process.env.BENCH_PEAK_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
