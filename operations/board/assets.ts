/**
 * The board's page: one HTML file, one style sheet and one script, all served by the board itself, so that the
 * page loads nothing from anywhere else and works offline.
 */

export const BOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop board</title>
<link rel="stylesheet" href="/board.css">
<script src="/board.js" defer></script>
</head>
<body>
<header>
  <h1 id="organization">Workshop board</h1>
  <p id="counts" aria-live="polite"></p>
  <p id="teardown"></p>
  <p id="freshness"></p>
  <p id="failure" role="alert" hidden></p>
  <ul id="warnings"></ul>
</header>
<main>
  <section aria-label="Attendees"><ol id="tiles"></ol></section>
  <aside aria-label="The workshop's workspaces and teams"><h2>Workshop</h2><ul id="side"></ul></aside>
</main>
</body>
</html>
`;

export const BOARD_CSS = `:root { color-scheme: dark; --text: #ffffff; --muted: #c8c8c8; --line: #ffffff; --back: #000000; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--back); color: var(--text); font: 20px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; }
header { padding: 16px 24px; border-bottom: 3px solid var(--line); }
h1 { font-size: 40px; margin: 0 0 8px; }
h2 { font-size: 28px; margin: 0 0 12px; }
#counts { font-size: 30px; font-weight: 700; margin: 4px 0; }
#teardown, #freshness { font-size: 22px; margin: 4px 0; color: var(--muted); }
#failure { font-size: 24px; font-weight: 700; margin: 8px 0; padding: 8px 12px; border: 4px dashed var(--line); }
#warnings { margin: 4px 0; padding-left: 24px; font-size: 18px; color: var(--muted); }
main { display: grid; grid-template-columns: 1fr 320px; gap: 24px; padding: 24px; }
#tiles { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.tile { border: 3px solid var(--line); padding: 10px 12px; content-visibility: auto; contain-intrinsic-size: 230px 150px; }
.tile[data-stage="waiting"] { border-style: dotted; }
.tile[data-stage="invited"], .tile[data-stage="joined"] { border-style: dashed; }
.tile[data-stage="managing"] { border-width: 6px; }
.name { font-size: 26px; font-weight: 700; overflow-wrap: anywhere; }
.stage { font-size: 22px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; margin: 2px 0 6px; }
.steps { list-style: none; margin: 0; padding: 0; font-size: 18px; }
.steps li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.steps li[data-done="false"] { color: var(--muted); }
#side { list-style: none; margin: 0; padding: 0; }
#side li { border: 2px solid var(--line); padding: 8px 10px; margin-bottom: 8px; font-size: 18px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;

/**
 * The page's script: browser/main.ts, bundled for the browser by bin/bundle.js (`boardPageDefine`), which puts its text
 * here when the commands are bundled, and for the tests by vitest.config.mts, with the same function.
 */
declare const BOARD_PAGE_SCRIPT: string;
export const BOARD_SCRIPT: string = BOARD_PAGE_SCRIPT;
