// The layers of this project, bottom to top, and the one direction imports may point (CONTRIBUTING.md draws
// them). __tests__/layers.test.ts runs these rules in npm test.
//
//   commands/, main.ts        wiring: read the config once, run a command
//   operations/               the workshop day: preflight checks, verify, status, handout, the board's server
//   stacks/                   the config mapped to construct props, field by field; the HCL synth completed (never
//                             the policy, which commands/ attaches)
//   policy/, diagram/         read synthesized Terraform: neither config nor stacks
//   config/    constructs/    the config's schema and checks | provider resources with props of their own
//   terraform/, terraform-cloud/, workshop/, text/, files/   reading Terraform JSON; Terraform Cloud's API, naming
//                                     rules and its stand-in; the workshop's defaults; text safe to print, and the
//                                     Result<T> of a step that can fail; files read with a bound and written without
//                                     following links
"use strict";

const layer = (from, forbidden, comment) => ({
  name:
    `${from.replace(/[^a-z-]+/g, "-").replace(/^-|-$/g, "")}-imports-` +
    `${forbidden.replace(/[^a-z-]+/g, "-").replace(/^-|-$/g, "")}`,
  severity: "error",
  comment,
  from: { path: `^(${from})` },
  to: { path: `^(${forbidden})` },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "a cycle makes two folders one",
      from: {},
      to: { circular: true },
    },
    layer(
      "terraform/|terraform-cloud/|workshop/|text/|files/",
      "config/|constructs/|policy/|diagram/|stacks/|operations/|commands/|main\\.ts",
      "the bottom knows nothing above it",
    ),
    {
      name: "terraform-cloud-imports-stand-in",
      severity: "error",
      comment: "the real API's modules never lean on its stand-in; the stand-in answers through their paths",
      from: { path: "^terraform-cloud/", pathNot: "^terraform-cloud/stand-in/" },
      to: { path: "^terraform-cloud/stand-in/" },
    },
    layer(
      "config/",
      "constructs/|policy/|diagram/|stacks/|operations/|commands/",
      "the config knows Terraform Cloud, not how it is built",
    ),
    layer(
      "constructs/",
      "config/|policy/|diagram/|stacks/|operations/|commands/",
      "constructs take props of their own, never the config",
    ),
    layer(
      "policy/|diagram/",
      "config/|constructs/|stacks/|operations/|commands/",
      "rules and pictures read synthesized Terraform only",
    ),
    layer(
      "stacks/",
      "policy/|diagram/|operations/|commands/",
      "a stack knows its parts, not who runs it or checks it (commands/ attaches the policy)",
    ),
    layer(
      "operations/",
      "constructs/|policy/|diagram/|commands/",
      "the workshop day reads the config and the stack's names, not its parts",
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|__tests__|bench|bin)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
