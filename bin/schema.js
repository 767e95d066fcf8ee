#!/usr/bin/env node
// `npm run schema`: see the README's command table.
"use strict";
require("./build").command("schema");
