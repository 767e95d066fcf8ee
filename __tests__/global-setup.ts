// Bundles the app and the commands from the sources before the tests that run them as a user would, so that
// they never run a stale bundle; esbuild takes a fraction of a second, the type check is `npm run typecheck`'s.
export default async function setup(): Promise<void> {
  const { bundle } = require("../bin/bundle.js") as { readonly bundle: () => Promise<unknown> };
  await bundle();
}
