#!/usr/bin/env node
// The synth command, `node bin/synth.js` (what `npm run synth` and cdktf.json run too): the compiled app
// in this very process, the fastest honest path (no ts-node, no npx, no second Node.js). `--build` only
// compiles.
"use strict";
require("./build").run(process.argv.includes("--build") ? undefined : "main.js");
