#!/usr/bin/env node
// The synth command, `node bin/synth.js` (what `npm run synth` and cdktf.json run too): the compiled app
// in this very process, the fastest honest path (no ts-node, no npx, no second Node.js). `--build` only
// compiles; `--hcl` writes plain Terraform (.tf) to cdktf.out.hcl/ instead of JSON, as `cdktf synth --hcl`.
"use strict";
if (process.argv.includes("--hcl")) {
  process.env.SYNTH_HCL_OUTPUT = "true";
  process.env.CDKTF_OUTDIR ??= "cdktf.out.hcl";
}
require("./build").run(process.argv.includes("--build") ? undefined : "main.js");
