#!/usr/bin/env node
// `npm run handout`: see the README's command table.
"use strict";
require("./build").command("handout");
