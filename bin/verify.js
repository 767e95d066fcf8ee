#!/usr/bin/env node
// `npm run verify`: see the README's command table.
"use strict";
require("./build").command("verify");
