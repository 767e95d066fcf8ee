import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Written once the bundle is built; the command tests wait for it (see cli.ts), the others need not. */
export const BUNDLED_MARKER = join(__dirname, "..", "dist", ".bundled-for-tests");

// Bundles the app and the commands from the sources, so that the tests that run them as a user would never run a
// stale bundle. The unit tests start meanwhile; the type check is `npm run typecheck`'s.
export default function setup(): () => Promise<void> {
  rmSync(BUNDLED_MARKER, { force: true });
  const { bundle } = require("../bin/bundle.js") as { readonly bundle: () => Promise<unknown> };
  const built = bundle().then(
    () => writeFileSync(BUNDLED_MARKER, ""),
    (error: Error) => writeFileSync(BUNDLED_MARKER, error.message),
  );
  return async () => {
    await built;
    rmSync(BUNDLED_MARKER, { force: true });
  };
}
