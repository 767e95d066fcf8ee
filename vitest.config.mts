import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    // The CLI test builds and synthesizes in child processes; give it room on a 2-core machine.
    testTimeout: 60_000,
  },
});
