#!/usr/bin/env node
// `npm run status`: see the README's command table.
"use strict";
require("./build").command("status");
