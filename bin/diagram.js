#!/usr/bin/env node
// `npm run diagram [file]`: what the config creates, as a Mermaid diagram (default cdktf.out/diagram.md).
"use strict";
require("./build").run("diagram/main.js");
