#!/usr/bin/env node
// `npm run board`: see the README's command table.
"use strict";
require("./build").command("board");
