import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Written once the bundle is built; the command tests wait for it (see cli.ts), the others need not. */
export const BUNDLED_MARKER = join(__dirname, "..", "dist", ".bundled-for-tests");

// Bundles the app and the commands from the sources, so that the tests that run them as a user would never run a
// stale bundle. The unit tests start meanwhile; the type check is `npm run typecheck`'s.
//
// Every temporary file of the run, the tests' own, the outdirs cdktf's `Testing` makes and those of the commands
// they run, goes into one directory, removed at the end: the workers and child processes take it from the
// environment, so a test never has to clean up after a library.
export default function setup(): () => Promise<void> {
  const runDirectory = mkdtempSync(join(tmpdir(), "workshop-tests-"));
  for (const variable of ["TMPDIR", "TMP", "TEMP"]) process.env[variable] = runDirectory;
  rmSync(BUNDLED_MARKER, { force: true });
  // bin/bundle.js is a CommonJS script outside the TypeScript project, loaded synchronously here
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, see above
  const { bundle } = require("../bin/bundle.js") as { readonly bundle: () => Promise<unknown> };
  const built = bundle().then(
    () => writeFileSync(BUNDLED_MARKER, ""),
    (error: Error) => writeFileSync(BUNDLED_MARKER, error.message),
  );
  return async () => {
    await built;
    rmSync(BUNDLED_MARKER, { force: true });
    rmSync(runDirectory, { recursive: true, force: true });
  };
}
