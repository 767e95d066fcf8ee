#!/usr/bin/env node
// The synth command, `node bin/synth.js` (what cdktf.json runs too): the bundled app in this very process.
// `--hcl` writes plain Terraform (.tf) to cdktf.out.hcl/ instead of JSON, as `cdktf synth --hcl`.
"use strict";
if (process.argv.includes("--hcl")) {
  process.env.SYNTH_HCL_OUTPUT = "true";
  process.env.CDKTF_OUTDIR ??= "cdktf.out.hcl";
}
require("./build").synth();
