import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Loaded when the config runs, not bundled into it: bin/bundle.js finds esbuild and the sources from its own place.
const { boardPageDefine } = createRequire(import.meta.url)("./bin/bundle.js") as {
  readonly boardPageDefine: () => Record<string, string>;
};

export default defineConfig({
  // The board's page script, bundled for the browser as the commands' bundle has it.
  define: boardPageDefine(),
  test: {
    include: ["__tests__/**/*.test.ts"],
    globalSetup: ["__tests__/global-setup.ts"],
    setupFiles: ["__tests__/setup.ts"],
    // Test files share their workers' module cache: cdktf and the provider bindings load once per worker, not
    // once per file. No test relies on module state of its own; the few that need a process run one.
    pool: "threads",
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one, on a 2-core machine, with every child process
    // of the command tests waiting behind it.
    maxWorkers: 2,
    testTimeout: 60_000,
    // A beforeAll that applies a room in Terraform's planner, with nothing cached yet and the machine shared, takes
    // as long as a test.
    hookTimeout: 60_000,
    // Transformed sources are kept in node_modules between runs, keyed by their content (and this file's): a run
    // transforms only what changed. A plugin reading more than the file would make it stale; there is none. So would
    // a module that becomes a folder of the same name (terraform-cloud/stand-in.ts, now stand-in/index.ts): an
    // importer whose text is unchanged keeps the old file's place. Changing this file starts the cache afresh, as
    // does `rm -rf node_modules/.experimental-vitest-cache`.
    experimental: { fsModuleCache: true },
  },
});
