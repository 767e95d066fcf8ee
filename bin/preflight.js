#!/usr/bin/env node
// `npm run preflight`: see the README's command table.
"use strict";
require("./build").command("preflight");
