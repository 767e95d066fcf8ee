#!/usr/bin/env node
// `npm run deploy`: see the README's command table.
"use strict";
require("./build").command("deploy");
