#!/usr/bin/env node
// `npm run preflight`: checks, read-only, what Terraform Cloud will say to the deploy.
"use strict";
require("./build").run("commands/preflight-main.js");
