#!/usr/bin/env node
// `npm run rehearse`: see the README's command table.
"use strict";
require("./build").command("rehearse");
