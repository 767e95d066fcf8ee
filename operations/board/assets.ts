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
<link rel="icon" href="/board.svg">
<link rel="stylesheet" href="/board.css">
<script src="/board.js" defer></script>
</head>
<body>
<header>
  <h1 id="organization">Workshop board</h1>
  <p id="freshness"></p>
  <p id="event" hidden></p>
</header>
<p id="failure" role="alert" hidden></p>
<ol id="funnel" aria-label="How far the room has come">
  <li data-stage="invited">
    <span class="count">\u2013</span><span class="of"></span><span class="label">invited</span>
  </li>
  <li data-stage="joined">
    <span class="count">\u2013</span><span class="of"></span><span class="label">joined</span>
  </li>
  <li data-stage="connected">
    <span class="count">\u2013</span><span class="of"></span><span class="label">token used</span>
  </li>
  <li data-stage="pushed">
    <span class="count">\u2013</span><span class="of"></span><span class="label">state pushed</span>
  </li>
  <li data-stage="managing">
    <span class="count">\u2013</span><span class="of"></span><span class="label">managing resources</span>
  </li>
</ol>
<main>
  <section id="room" aria-label="Attendees">
    <p id="waiting">Waiting for the first read of Terraform Cloud\u2026</p>
    <ol id="tiles"></ol>
  </section>
  <aside>
    <h2>Needs attention <span id="attention-count"></span></h2>
    <ol id="attention"></ol>
    <ul id="warnings"></ul>
    <ul id="side"></ul>
    <ul id="legend" aria-label="Colours">
      <li data-stage="waiting">not started</li><li data-stage="invited">invited</li><li data-stage="joined">joined</li>
      <li data-stage="connected">token used</li><li data-stage="pushed">state pushed</li>
      <li data-stage="managing">resources</li><li data-attention="true">needs attention</li>
    </ul>
  </aside>
</main>
</body>
</html>
`;

// Dark, high-contrast and large for a projector at the back of a room: no text under 14 px at 1080p. The stage
// colours rise in lightness from "not started" to "managing resources" (viridis' hues), so that they read in grey
// too; a cell's border, a "!" and the lists say what colour alone would not.
export const BOARD_CSS = `:root {
  color-scheme: dark; --text: #ffffff; --muted: #d0d0d0; --back: #000000; --panel: #161616; --alert: #ff5c5c;
  --waiting: #2a2a2a; --invited: #5b2a86; --joined: #2c5f8e;
  --connected: #18736e; --pushed: #6cc24a; --managing: #fde725;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; overflow: hidden; }
body {
  background: var(--back); color: var(--text); display: flex; flex-direction: column;
  font: 18px/1.25 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
}
header { display: flex; align-items: baseline; gap: 24px; padding: 10px 20px 8px; min-width: 0; }
h1 { font-size: 32px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
h2 { font-size: 24px; margin: 0 0 8px; }
#freshness { margin: 0; font-size: 20px; color: var(--muted); white-space: nowrap; }
#event { margin: 0 0 0 auto; font-size: 24px; font-weight: 800; white-space: nowrap; }
#failure { margin: 0 20px 8px; padding: 6px 12px; font-size: 20px; font-weight: 700; border: 4px dashed var(--alert); }
#funnel {
  list-style: none; margin: 0; padding: 0 20px 12px; display: grid; grid-template-columns: repeat(5, minmax(0, 1fr));
  gap: 12px;
}
#funnel li { background: var(--panel); border-left: 14px solid var(--stage); padding: 4px 12px; }
#funnel .count { font-size: 40px; font-weight: 800; }
#funnel .of { font-size: 20px; color: var(--muted); margin-left: 6px; }
/* A label wraps rather than being cut where five boxes leave it too little room (1280x720: "managing resources"). */
#funnel .label { display: block; font-size: 18px; font-weight: 700; }
main {
  flex: 1 1 0; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) clamp(300px, 26vw, 460px);
  gap: 20px; padding: 0 20px 14px;
}
#room { min-width: 0; min-height: 0; overflow: hidden; contain: strict; }
#waiting { font-size: 28px; margin: 24px 0; }
#tiles { list-style: none; margin: 0; padding: 0; display: grid; align-content: start; gap: var(--gap);
  grid-template-columns: repeat(var(--columns), var(--tile-width)); grid-auto-rows: var(--tile-height); }
[data-stage] { --stage: var(--waiting); --stage-text: var(--text); }
[data-stage="invited"] { --stage: var(--invited); }
[data-stage="joined"] { --stage: var(--joined); }
[data-stage="connected"] { --stage: var(--connected); }
[data-stage="pushed"] { --stage: var(--pushed); --stage-text: #000000; }
[data-stage="managing"] { --stage: var(--managing); --stage-text: #000000; }
.tile {
  background: var(--stage); color: var(--stage-text); border: 2px solid var(--stage); overflow: hidden;
  position: relative; contain: strict;
}
.tile[data-stage="waiting"] { border: 2px dashed #a0a0a0; }
.tile[data-attention] { border: 4px solid var(--alert); }
#tiles[data-mode="steps"] .tile { padding: 6px 10px; }
#tiles[data-mode="names"] .tile { padding: 4px 8px; }
.name { font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#tiles[data-mode="steps"] .name { font-size: 22px; }
#tiles[data-mode="names"] .name { font-size: 20px; }
#tiles[data-mode="names"] .stage { text-transform: none; letter-spacing: 0; }
.stage {
  font-size: 16px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis;
}
.steps { list-style: none; margin: 2px 0 0; padding: 0; font-size: 16px; }
.steps li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.steps li[data-done="false"] { opacity: 0.75; }
.pips { display: flex; gap: 4px; margin-top: 4px; }
.pips span { flex: 1; height: 8px; border: 2px solid currentColor; }
.pips span[data-done="true"] { background: currentColor; }
.mark { position: absolute; right: 4px; top: 0; font-size: 18px; font-weight: 800; color: var(--alert); }
#tiles[data-mode="cells"] .mark {
  inset: 0; display: grid; place-items: center; font-size: 16px; color: var(--text); text-shadow: 0 0 3px #000;
}
aside { min-height: 0; display: flex; flex-direction: column; overflow: hidden; }
#attention-count { color: var(--alert); }
#attention {
  list-style: none; margin: 0; padding: 0; flex: 1 1 auto; min-height: 0; overflow: hidden; font-size: 18px;
}
#attention li {
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-left: 6px solid var(--alert);
  padding: 2px 8px; margin-bottom: 4px;
}
#attention li.more { border-left-color: var(--muted); color: var(--muted); }
#attention strong { font-weight: 800; }
#warnings, #side, #legend { list-style: none; margin: 8px 0 0; padding: 0; font-size: 16px; color: var(--muted); }
#warnings li { margin-bottom: 4px; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 12px; }
#legend li::before {
  content: ""; display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: -2px;
  background: var(--stage);
}
#legend li[data-stage="waiting"]::before { background: none; border: 2px dashed #a0a0a0; }
#legend li[data-attention]::before { background: none; border: 3px solid var(--alert); }
`;

/**
 * The page's script: browser/main.ts, bundled for the browser by bin/bundle.js (`boardPageDefine`), which puts its text
 * here when the commands are bundled, and for the tests by vitest.config.mts, with the same function.
 */
declare const BOARD_PAGE_SCRIPT: string;
export const BOARD_SCRIPT: string = BOARD_PAGE_SCRIPT;

/** The page's icon, in the stages' colours, so that the browser asks for no /favicon.ico, which the board has not. */
export const BOARD_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">
<rect width="16" height="16" fill="#000000"/><rect x="2" y="2" width="5" height="5" fill="#6cc24a"/>
<rect x="9" y="2" width="5" height="5" fill="#fde725"/><rect x="2" y="9" width="5" height="5" fill="#2c5f8e"/>
<rect x="9" y="9" width="5" height="5" fill="#18736e"/>
</svg>
`;
