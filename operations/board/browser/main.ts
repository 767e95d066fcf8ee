// The board's page script, run in the browser: it asks its own server for the room every second and draws it to
// fill the screen with no scrolling. No framework: one tile per attendee, redrawn only when its data or the layout
// changed, which keeps a room of 1,000 smooth.
import type { Attention, AttentionReason, BoardData, BoardSide, BoardSnapshot, BoardTile, Stage } from "../shape";
import { tileLayout, type TileLayout, type TileMode } from "./layout";
import { wallWarning } from "./wall-text";

type Step = Exclude<Stage, "waiting">;
const STEPS: ReadonlyArray<readonly [Step, string]> = [
  ["invited", "invited"],
  ["joined", "joined"],
  ["connected", "token used"],
  ["pushed", "state pushed"],
  ["managing", "resources"],
];
const ORDER: readonly Stage[] = ["waiting", "invited", "joined", "connected", "pushed", "managing"];
const LABEL: Readonly<Record<Stage, string>> = {
  waiting: "not started",
  invited: "invited",
  joined: "joined",
  connected: "token used",
  pushed: "state pushed",
  managing: "managing resources",
};
// An attendee without an email is never invited: their token is all they get, so these steps do not apply.
const UNINVITED: Partial<Record<Step, string>> = { invited: "\u2013 no invitation", joined: "\u2013 no membership" };

interface DrawnTile {
  readonly item: HTMLLIElement;
  key: string;
}
const tiles = new Map<string, DrawnTile>();
let layout: TileLayout | undefined;
let last: BoardData | undefined;
let attentionKey = "";
let sideKey = "";
let tilesReadAt: string | undefined;
// Measured once, then again only when the page's size changes: reading a size forces the browser to lay out a room
// of 1,000 tiles, which each poll would otherwise pay for.
let roomSize: { readonly width: number; readonly height: number } | undefined;
let attentionFits: number | undefined;

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
}
function text(element: HTMLElement, value: string): void {
  if (element.textContent !== value) element.textContent = value;
}
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, content?: string) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (content !== undefined) made.textContent = content;
  return made;
}
const two = (n: number) => String(n).padStart(2, "0");
/** A time of day from the server's date; what does not read as a date is said so, never shown as NaN. */
function clock(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  // The server passes a date Terraform Cloud gave that is no date on as "unreadable".
  if (Number.isNaN(at.getTime())) return "(date unreadable)";
  return `${two(at.getHours())}:${two(at.getMinutes())}`;
}
function minutesBetween(from: string | null, to: string): number | undefined {
  const minutes = Math.floor((Date.parse(to) - Date.parse(from ?? "")) / 60_000);
  return Number.isNaN(minutes) ? undefined : Math.max(0, minutes);
}

/**
 * What the tile's stage line says: a workspace that cannot be seen or is missing says that first; a small tile says
 * how many resources rather than the longer "managing resources".
 */
function stageText(tile: BoardTile, mode?: TileMode): string {
  if (tile.exists === null) return "not visible";
  if (tile.exists === false) return "no workspace";
  if (mode === "names" && tile.stage === "managing" && tile.resources) return `${tile.resources} resources`;
  return LABEL[tile.stage] ?? tile.stage;
}

function stepText(tile: BoardTile, step: Step, label: string): readonly [boolean, string] {
  const uninvited = UNINVITED[step];
  if (tile.invitation === "none" && uninvited !== undefined) return [false, uninvited];
  const reached = ORDER.indexOf(tile.stage) >= ORDER.indexOf(step);
  if (!reached && tile.invitation === "unknown" && uninvited !== undefined) return [false, `? ${label} (unknown)`];
  const when =
    step === "connected"
      ? clock(tile.tokenLastUsedAt)
      : step === "pushed"
        ? clock(tile.lastStateAt)
        : step === "managing" && tile.resources
          ? String(tile.resources)
          : "";
  return [reached, (reached ? "\u2713 " : "\u00b7 ") + label + (reached && when ? " " + when : "")];
}

const REASONS: Readonly<Record<AttentionReason, (forMinutes: string) => string>> = {
  "no-workspace": () => "no workspace",
  "not-invited": () => "no invitation",
  "not-joined": (forMinutes) => `not joined${forMinutes}`,
  "token-unused": (forMinutes) => `token unused${forMinutes}`,
  "no-state": (forMinutes) => `no state pushed${forMinutes}`,
};
function reasonText(entry: Attention, servedAt: string): string {
  const minutes = minutesBetween(entry.since, servedAt);
  return REASONS[entry.reason](minutes === undefined ? "" : ` for ${minutes} min`);
}

/** The tile's content in a mode: every step; its name, stage and progress; or nothing but a mark. */
function tileContent(tile: BoardTile, mode: TileMode, attention: boolean): HTMLElement[] {
  const mark = attention ? [element("span", "mark", "!")] : [];
  if (mode === "cells") return mark;
  const head = [element("div", "name", tile.attendee), element("div", "stage", stageText(tile, mode)), ...mark];
  if (mode === "names") {
    const pips = element("div", "pips");
    for (const [step] of STEPS) pips.appendChild(element("span")).dataset.done = String(stepText(tile, step, "")[0]);
    return [...head, pips];
  }
  const steps = element("ul", "steps");
  for (const [step, label] of STEPS) {
    const [reached, line] = stepText(tile, step, label);
    steps.appendChild(element("li", undefined, line)).dataset.done = String(reached);
  }
  return [...head, steps];
}

function drawTile(tile: BoardTile, mode: TileMode, attention: Attention | undefined) {
  let drawn = tiles.get(tile.attendee);
  if (drawn === undefined) {
    drawn = { item: element("li", "tile"), key: "" };
    tiles.set(tile.attendee, drawn);
  }
  const key = JSON.stringify([tile, mode, attention?.reason]);
  if (drawn.key === key) return drawn.item;
  drawn.key = key;
  const { item } = drawn;
  item.dataset.attendee = tile.attendee;
  item.dataset.stage = tile.stage;
  if (attention) item.dataset.attention = attention.reason;
  else delete item.dataset.attention;
  item.title = `${tile.attendee}: ${stageText(tile)}${attention ? ` \u2013 ${REASONS[attention.reason]("")}` : ""}`;
  item.replaceChildren(...tileContent(tile, mode, attention !== undefined));
  return item;
}

/** Places the tiles for the room's size and the space the page has; true when the layout changed. */
function arrange(count: number): boolean {
  const room = byId("room");
  roomSize ??= { width: room.clientWidth, height: room.clientHeight };
  const next = tileLayout(count, roomSize.width, roomSize.height);
  if (layout !== undefined && JSON.stringify(layout) === JSON.stringify(next)) return false;
  layout = next;
  const list = byId("tiles");
  list.dataset.mode = next.mode;
  list.style.setProperty("--columns", String(next.columns));
  list.style.setProperty("--tile-width", `${next.width}px`);
  list.style.setProperty("--tile-height", `${next.height}px`);
  list.style.setProperty("--gap", `${next.gap}px`);
  return true;
}

function drawTiles(snapshot: BoardSnapshot): void {
  // The page asks every second and the board reads every 15: most answers hold the room already drawn.
  if (!arrange(snapshot.tiles.length) && snapshot.readAt === tilesReadAt) return;
  tilesReadAt = snapshot.readAt;
  const mode = layout!.mode;
  const attention = new Map(snapshot.attention.map((entry) => [entry.attendee, entry]));
  const list = byId("tiles");
  const seen = new Set<string>();
  snapshot.tiles.forEach((tile, index) => {
    seen.add(tile.attendee);
    const item = drawTile(tile, mode, attention.get(tile.attendee));
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
  });
  for (const [name, drawn] of tiles) {
    if (!seen.has(name)) {
      drawn.item.remove();
      tiles.delete(name);
    }
  }
}

/** The "needs attention" list, as many lines as its space holds, the rest counted on the last. */
function drawAttention(snapshot: BoardSnapshot, servedAt: string): void {
  const key = JSON.stringify(snapshot.attention.map((entry) => [entry.attendee, reasonText(entry, servedAt)]));
  if (key === attentionKey) return;
  attentionKey = key;
  text(byId("attention-count"), `(${snapshot.attention.length})`);
  const list = byId("attention");
  const line = (entry: Attention) => {
    const item = element("li");
    item.dataset.needs = entry.attendee;
    item.append(element("strong", undefined, entry.attendee), `: ${reasonText(entry, servedAt)}`);
    return item;
  };
  const nobody = () => element("li", "more", "nobody");
  if (attentionFits === undefined) {
    // Every line is one line high: one tells how many the list's space holds.
    const probe = snapshot.attention[0] === undefined ? nobody() : line(snapshot.attention[0]);
    list.replaceChildren(probe);
    attentionFits = Math.max(1, Math.floor(list.clientHeight / (probe.getBoundingClientRect().height + 4)));
  }
  const fits = attentionFits;
  const shown = snapshot.attention.length <= fits ? snapshot.attention : snapshot.attention.slice(0, fits - 1);
  list.replaceChildren(...shown.map(line));
  if (shown.length === 0) list.appendChild(nobody());
  const rest = snapshot.attention.length - shown.length;
  if (rest > 0) list.appendChild(element("li", "more", `and ${rest} more: see npm run status`));
}

function drawFunnel(snapshot: BoardSnapshot): void {
  for (const item of byId("funnel").querySelectorAll<HTMLElement>("li[data-stage]")) {
    const stage = item.dataset.stage as Stage;
    const invitation = stage === "invited" || stage === "joined";
    text(item.querySelector<HTMLElement>(".count")!, String(snapshot.counts[stage] ?? 0));
    text(item.querySelector<HTMLElement>(".of")!, `of ${invitation ? snapshot.invitable : snapshot.attendees}`);
  }
}

function sideLine(entry: BoardSide): HTMLLIElement {
  const detail =
    entry.kind === "workspace"
      ? entry.exists === null
        ? "not visible"
        : entry.exists
          ? `${entry.resources ?? 0} resources`
          : "missing"
      : entry.tokenLastUsedAt
        ? `token used ${clock(entry.tokenLastUsedAt)}`
        : "token not used yet";
  return element("li", undefined, `${entry.kind} ${entry.name}: ${detail}`);
}

function drawHeader(board: BoardData): void {
  const snapshot = board.snapshot;
  const failure = byId("failure");
  failure.hidden = board.failure === undefined;
  // A sentence for the room: the cause and its fix, for the facilitator, are on the board's terminal.
  if (board.failure) {
    const showing = snapshot ? `; showing the room as it was at ${clock(snapshot.readAt)}` : "";
    text(failure, `Cannot read Terraform Cloud${showing}. The board's terminal says why.`);
  }
  if (!snapshot) return;
  text(byId("organization"), snapshot.organization);
  const seconds = Math.max(0, Math.round((Date.parse(board.servedAt) - Date.parse(snapshot.readAt)) / 1000));
  const age = seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
  text(byId("freshness"), `${board.failure ? "STALE: " : ""}read ${age} ago, at ${clock(snapshot.readAt)}`);
}

/**
 * How long the event has left, by the page's own clock so that it counts down between reads: whole minutes rounded
 * up, so that it says "event ended" only once it has. Nothing without an end, unless the config ended it.
 */
function eventText(event: BoardSnapshot["event"]): string {
  if (event === undefined) return "";
  if (event.ended) return "event ended";
  const endsAt = Date.parse(event.endsAt ?? "");
  if (Number.isNaN(endsAt)) return "";
  const minutes = Math.ceil((endsAt - Date.now()) / 60_000);
  if (minutes <= 0) return "event ended";
  const [days, hours] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60)];
  const left = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
  return `ends in ${left}`;
}

function drawEvent(snapshot: BoardSnapshot | undefined): void {
  const line = eventText(snapshot?.event);
  const shown = byId("event");
  shown.hidden = line === "";
  text(shown, line);
}

function draw(board: BoardData): void {
  last = board;
  drawHeader(board);
  drawEvent(board.snapshot);
  const snapshot = board.snapshot;
  byId("waiting").hidden = snapshot !== undefined;
  if (snapshot) drawRoom(snapshot, board.servedAt);
  // Which answer the page shows, for the tests to wait on instead of the wall clock.
  document.body.dataset.servedAt = board.servedAt;
}

function drawRoom(snapshot: BoardSnapshot, servedAt: string): void {
  drawFunnel(snapshot);
  drawTiles(snapshot);
  // The warnings and side rows first: the "needs attention" list has the space they leave.
  drawSide(snapshot);
  drawAttention(snapshot, servedAt);
}

/** The warnings and the side rows under the "needs attention" list, which is measured again when they change. */
function drawSide(snapshot: BoardSnapshot): void {
  const key = JSON.stringify([snapshot.warnings, snapshot.side]);
  if (key === sideKey) return;
  sideKey = key;
  byId("warnings").replaceChildren(
    ...snapshot.warnings.map((warning) => element("li", undefined, wallWarning(warning))),
  );
  byId("side").replaceChildren(...snapshot.side.map(sideLine));
  attentionFits = undefined;
  attentionKey = "";
}

async function poll(): Promise<void> {
  try {
    const answer = await fetch("/board.json", { cache: "no-store" });
    if (answer.ok) draw((await answer.json()) as BoardData);
  } catch {
    const failure = byId("failure");
    failure.hidden = false;
    text(failure, "The board's own server does not answer: is npm run board still running?");
    // The countdown goes on without its server.
    drawEvent(last?.snapshot);
  }
  setTimeout(() => void poll(), 1000);
}

// The room and the list change size with the window, and when a failure line comes or goes above them.
new ResizeObserver(() => {
  roomSize = undefined;
  attentionFits = undefined;
  attentionKey = "";
  if (last !== undefined) draw(last);
}).observe(byId("room"));
void poll();
