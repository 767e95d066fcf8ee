#!/usr/bin/env node
// `npm run diagram [file]`: see the README's command table.
"use strict";
require("./build").command("diagram");
