// How the room's tiles fill the space the page gives them, with no scrolling: the largest tiles that fit, and as much
// in each as its size allows. Pure arithmetic, so that the tests can ask it about any room and any screen.

/** What a tile shows: every step with its time; its name and stage; or a coloured cell, its name on hover. */
export type TileMode = "steps" | "names" | "cells";

interface ModeSize {
  readonly mode: TileMode;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly gap: number;
}

/** Each mode's sizes, in CSS pixels, richest first: the first one in which the room fits is taken. */
const MODES: readonly ModeSize[] = [
  { mode: "steps", minWidth: 200, minHeight: 160, maxWidth: 300, maxHeight: 200, gap: 10 },
  { mode: "names", minWidth: 130, minHeight: 60, maxWidth: 260, maxHeight: 120, gap: 8 },
  { mode: "cells", minWidth: 12, minHeight: 12, maxWidth: 48, maxHeight: 48, gap: 3 },
];

/** Where the tiles go: how many columns, each tile's size, and the gap between them. */
export interface TileLayout {
  readonly mode: TileMode;
  readonly columns: number;
  readonly width: number;
  readonly height: number;
  readonly gap: number;
}

/** The tiles' size in a mode with a number of columns, before it is capped; cells are square. */
function sized(size: ModeSize, count: number, columns: number, width: number, height: number) {
  const rows = Math.ceil(count / columns);
  const tileWidth = Math.floor((width - size.gap * (columns - 1)) / columns);
  const tileHeight = Math.floor((height - size.gap * (rows - 1)) / rows);
  if (size.mode !== "cells") return { tileWidth, tileHeight };
  const side = Math.min(tileWidth, tileHeight);
  return { tileWidth: side, tileHeight: side };
}

/**
 * The layout of `count` tiles in a `width` by `height` area: the richest mode whose smallest tiles fit, with the
 * number of columns that makes them largest (up to the mode's largest size). A room too large even for the smallest
 * cells (some 5,000 on a 1080p screen) gets them anyway, and the room's area cuts off the last rows: the funnel and
 * the "needs attention" list still count everyone.
 */
export function tileLayout(count: number, width: number, height: number): TileLayout {
  const tiles = Math.max(1, count);
  for (const size of MODES) {
    let best: TileLayout | undefined;
    let bestScale = 0;
    for (let columns = 1; columns <= tiles; columns++) {
      const fitted = sized(size, tiles, columns, width, height);
      const tileWidth = Math.min(fitted.tileWidth, size.maxWidth);
      const tileHeight = Math.min(fitted.tileHeight, size.maxHeight);
      const scale = Math.min(tileWidth / size.minWidth, tileHeight / size.minHeight);
      // Of two layouts with tiles as large, the one with more columns: a short room reads as rows, left to right.
      if (scale >= 1 && scale >= bestScale) {
        bestScale = scale;
        best = { mode: size.mode, columns, width: tileWidth, height: tileHeight, gap: size.gap };
      }
    }
    if (best !== undefined) return best;
  }
  const smallest = MODES[MODES.length - 1]!;
  const columns = Math.max(1, Math.floor((width + smallest.gap) / (smallest.minWidth + smallest.gap)));
  return { mode: "cells", columns, width: smallest.minWidth, height: smallest.minHeight, gap: smallest.gap };
}
