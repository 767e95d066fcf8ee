#!/usr/bin/env node
// `npm run schema`: regenerates workshop.config.schema.json from the config schema.
"use strict";
require("./build").run("commands/schema-main.js");
