// The board's page script, run in the browser: it asks its own server for the room every second and draws it. No
// framework: one tile per attendee, updated only when its data changed, which keeps a room of 1,000 smooth.
import type { BoardData, BoardSide, BoardTile, Stage } from "../shape";

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
  readonly name: HTMLDivElement;
  readonly stage: HTMLDivElement;
  readonly lines: readonly HTMLLIElement[];
  key: string;
}
const tiles = new Map<string, DrawnTile>();

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
}
function text(element: HTMLElement, value: string): void {
  if (element.textContent !== value) element.textContent = value;
}
const two = (n: number) => String(n).padStart(2, "0");
function clock(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  // The server passes a date Terraform Cloud gave that is no date on as "unreadable".
  if (Number.isNaN(at.getTime())) return "(date unreadable)";
  return `${two(at.getHours())}:${two(at.getMinutes())}`;
}
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  if (className) made.className = className;
  return made;
}

function stepText(tile: BoardTile, step: Step, label: string): readonly [boolean, string] {
  const uninvited = UNINVITED[step];
  if (tile.invitation === "none" && uninvited !== undefined) return [false, uninvited];
  const reached = ORDER.indexOf(tile.stage) >= ORDER.indexOf(step);
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

function drawTile(tile: BoardTile): HTMLLIElement {
  let drawn = tiles.get(tile.attendee);
  if (drawn === undefined) {
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
    const drawnLine = drawn.lines[index]!;
    drawnLine.dataset.done = String(reached);
    text(drawnLine, line);
  });
  return drawn.item;
}

function sideLine(entry: BoardSide): HTMLLIElement {
  const item = element("li");
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
  item.textContent = `${entry.kind} ${entry.name}: ${detail}`;
  return item;
}

function draw(board: BoardData): void {
  const snapshot = board.snapshot;
  const failure = byId("failure");
  if (board.failure) {
    failure.hidden = false;
    text(
      failure,
      `Refresh failed at ${clock(board.failure.at)}: ${board.failure.message}${snapshot ? ` Showing the room as it was at ${clock(snapshot.readAt)}.` : ""}`,
    );
  } else {
    failure.hidden = true;
  }
  if (!snapshot) {
    text(byId("counts"), "Waiting for Terraform Cloud\u2026");
    return;
  }
  text(byId("organization"), snapshot.organization);
  const c = snapshot.counts;
  text(
    byId("counts"),
    `${snapshot.attendees} attendees \u00b7 ${c.joined} joined \u00b7 ${c.connected} used their token \u00b7 ${c.pushed} pushed state \u00b7 ${c.managing} managing resources`,
  );
  text(byId("teardown"), snapshot.summary);
  const age = Math.max(0, Math.round((Date.parse(board.servedAt) - Date.parse(snapshot.readAt)) / 1000));
  text(
    byId("freshness"),
    `${board.failure ? "STALE: " : ""}read from Terraform Cloud ${age} s ago, at ${clock(snapshot.readAt)}`,
  );
  byId("warnings").replaceChildren(
    ...snapshot.warnings.map((warning) => {
      const item = element("li");
      item.textContent = warning;
      return item;
    }),
  );
  const list = byId("tiles");
  const seen = new Set<string>();
  snapshot.tiles.forEach((tile, index) => {
    seen.add(tile.attendee);
    const item = drawTile(tile);
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
  });
  for (const [name, drawn] of tiles) {
    if (!seen.has(name)) {
      drawn.item.remove();
      tiles.delete(name);
    }
  }
  byId("side").replaceChildren(...snapshot.side.map(sideLine));
}

async function poll(): Promise<void> {
  try {
    const answer = await fetch("/board.json", { cache: "no-store" });
    if (answer.ok) draw((await answer.json()) as BoardData);
  } catch {
    const failure = byId("failure");
    failure.hidden = false;
    text(failure, "The board's own server does not answer: is npm run board still running?");
  }
  setTimeout(() => void poll(), 1000);
}
void poll();
