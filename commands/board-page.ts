/**
 * The board's page: one HTML file, one style sheet and one script, all served by the board itself, so that the
 * page loads nothing from anywhere else and works offline. No framework: the page draws one tile per attendee and
 * updates only the tiles whose data changed, which keeps a room of 1,000 smooth without a library or a build.
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

export const BOARD_JS = `"use strict";
(() => {
  const STEPS = [
    ["invited", "invited"],
    ["joined", "joined"],
    ["connected", "token used"],
    ["pushed", "state pushed"],
    ["managing", "resources"],
  ];
  const ORDER = ["waiting", "invited", "joined", "connected", "pushed", "managing"];
  const LABEL = { waiting: "not started", invited: "invited", joined: "joined", connected: "token used", pushed: "state pushed", managing: "managing resources" };
  const tiles = new Map();
  const text = (element, value) => { if (element.textContent !== value) element.textContent = value; };
  const two = (n) => String(n).padStart(2, "0");
  const clock = (iso) => { if (!iso) return ""; const at = new Date(iso); return two(at.getHours()) + ":" + two(at.getMinutes()); };
  const element = (tag, className) => { const made = document.createElement(tag); if (className) made.className = className; return made; };

  // An attendee without an email is never invited: their token is all they get, so these steps do not apply.
  const UNINVITED = { invited: "\u2013 no invitation", joined: "\u2013 no membership" };

  function stepText(tile, step, label) {
    if (tile.invitation === "none" && UNINVITED[step]) return [false, UNINVITED[step]];
    const reached = ORDER.indexOf(tile.stage) >= ORDER.indexOf(step);
    const when = step === "connected" ? clock(tile.tokenLastUsedAt) : step === "pushed" ? clock(tile.lastStateAt) : step === "managing" && tile.resources ? String(tile.resources) : "";
    return [reached, (reached ? "\\u2713 " : "\\u00b7 ") + label + (reached && when ? " " + when : "")];
  }

  function drawTile(tile) {
    let drawn = tiles.get(tile.attendee);
    if (!drawn) {
      const item = element("li", "tile");
      const name = element("div", "name");
      const stage = element("div", "stage");
      const steps = element("ul", "steps");
      const lines = STEPS.map(() => steps.appendChild(element("li")));
      item.append(name, stage, steps);
      drawn = { item, name, stage, lines, key: "" };
      tiles.set(tile.attendee, drawn);
    }
    const key = JSON.stringify(tile);
    if (drawn.key === key) return drawn.item;
    drawn.key = key;
    drawn.item.dataset.stage = tile.stage;
    drawn.item.dataset.attendee = tile.attendee;
    text(drawn.name, tile.attendee);
    text(drawn.stage, tile.exists === null ? "not visible" : tile.exists === false ? "no workspace" : LABEL[tile.stage]);
    STEPS.forEach(([step, label], index) => {
      const [reached, line] = stepText(tile, step, label);
      drawn.lines[index].dataset.done = String(reached);
      text(drawn.lines[index], line);
    });
    return drawn.item;
  }

  function draw(board) {
    const snapshot = board.snapshot;
    const failure = document.getElementById("failure");
    if (board.failure) {
      failure.hidden = false;
      text(failure, "Refresh failed at " + clock(board.failure.at) + ": " + board.failure.message + (snapshot ? " Showing the room as it was at " + clock(snapshot.readAt) + "." : ""));
    } else {
      failure.hidden = true;
    }
    if (!snapshot) { text(document.getElementById("counts"), "Waiting for Terraform Cloud\\u2026"); return; }
    text(document.getElementById("organization"), snapshot.organization);
    const c = snapshot.counts;
    text(document.getElementById("counts"), snapshot.attendees + " attendees \\u00b7 " + c.joined + " joined \\u00b7 " + c.connected + " used their token \\u00b7 " + c.pushed + " pushed state \\u00b7 " + c.managing + " managing resources");
    text(document.getElementById("teardown"), snapshot.summary);
    const age = Math.max(0, Math.round((Date.parse(board.servedAt) - Date.parse(snapshot.readAt)) / 1000));
    text(document.getElementById("freshness"), (board.failure ? "STALE: " : "") + "read from Terraform Cloud " + age + " s ago, at " + clock(snapshot.readAt));
    const warnings = document.getElementById("warnings");
    warnings.replaceChildren(...snapshot.warnings.map((warning) => { const item = element("li"); item.textContent = warning; return item; }));
    const list = document.getElementById("tiles");
    const seen = new Set();
    snapshot.tiles.forEach((tile, index) => {
      seen.add(tile.attendee);
      const item = drawTile(tile);
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
    });
    for (const [name, drawn] of tiles) if (!seen.has(name)) { drawn.item.remove(); tiles.delete(name); }
    const side = document.getElementById("side");
    side.replaceChildren(...snapshot.side.map((entry) => {
      const item = element("li");
      const detail = entry.kind === "workspace"
        ? (entry.exists === null ? "not visible" : entry.exists ? (entry.resources || 0) + " resources" : "missing")
        : (entry.tokenLastUsedAt ? "token used " + clock(entry.tokenLastUsedAt) : "token not used yet");
      item.textContent = entry.kind + " " + entry.name + ": " + detail;
      return item;
    }));
  }

  async function poll() {
    try {
      const answer = await fetch("/board.json", { cache: "no-store" });
      if (answer.ok) draw(await answer.json());
    } catch (error) {
      const failure = document.getElementById("failure");
      failure.hidden = false;
      text(failure, "The board's own server does not answer: is npm run board still running?");
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
`;
