#!/usr/bin/env node
// Every command but the synth, `node bin/cli.js COMMAND [arguments]`, as each npm script runs it (`npm run status`
// is `node bin/cli.js status`): see the README's command table.
"use strict";
require("./build").command(process.argv[2], process.argv.slice(3));
