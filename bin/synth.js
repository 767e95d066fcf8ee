#!/usr/bin/env node
// The synth command, `node bin/synth.js [--hcl]` (what cdktf.json runs too): the bundled app in this very process.
"use strict";
require("./build").synth();
