/**
 * Where new things land on the canvas, as pure geometry: a step added from a port goes to
 * the right of that port without covering another step; a paste lands at the cursor (or
 * offset from the original) and never exactly on top of what it copied.
 */
import type { Point } from './spec-ops';
import type { Rect, Size } from './zones';

/** Horizontal gap between a step and a step added after it. */
export const ADD_GAP_X = 96;
/** Vertical gap kept when stepping down past an occupied slot. */
export const ADD_GAP_Y = 24;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Top-left for a new step of `size` that follows `source` from a port at height `portY`
 * (flow coordinates): to the right, vertically centred on the port, moved down (then up)
 * past any step it would cover.
 */
export function placeRightOf(source: Rect, portY: number, size: Size, occupied: readonly Rect[]): Point {
  const x = Math.round(source.x + source.width + ADD_GAP_X);
  const y0 = Math.round(portY - size.height / 2);
  const free = (y: number) => !occupied.some((r) => overlaps({ x, y, width: size.width, height: size.height }, r));
  const step = size.height + ADD_GAP_Y;
  for (let i = 0; i < 50; i++) {
    if (free(y0 + i * step)) return { x, y: y0 + i * step };
    if (i > 0 && free(y0 - i * step)) return { x, y: y0 - i * step };
  }
  return { x, y: y0 };
}

/**
 * Top-left for a step dropped at `at` (the end of a connection dragged onto empty canvas):
 * its input side at the pointer, vertically centred on it.
 */
export function placeAtDrop(at: Point, size: Size): Point {
  return { x: Math.round(at.x), y: Math.round(at.y - size.height / 2) };
}

/** Offsets closer than this to the original count as "on top of it". */
const MIN_PASTE_SHIFT = 24;
/** The cascade step of a paste made with the cursor off the canvas. */
export const PASTE_CASCADE = 40;

/**
 * How far to shift a pasted payload whose top-left is `origin`:
 * - with the cursor over the canvas, so the payload's top-left lands at the cursor;
 * - otherwise one cascade step further per repeated paste (`repeat` = 0 for the first).
 * Either way never (almost) exactly on top of the original.
 */
export function pasteOffset(origin: Point, cursor: Point | undefined, repeat: number): Point {
  if (cursor) {
    const off = { x: Math.round(cursor.x - origin.x), y: Math.round(cursor.y - origin.y) };
    if (Math.abs(off.x) >= MIN_PASTE_SHIFT || Math.abs(off.y) >= MIN_PASTE_SHIFT) return off;
    return { x: off.x + PASTE_CASCADE, y: off.y + PASTE_CASCADE };
  }
  const n = Math.max(0, repeat) + 1;
  return { x: PASTE_CASCADE * n, y: PASTE_CASCADE * n };
}

/**
 * Where a popup menu of `size` goes when opened at `at` inside a `view` (all screen
 * pixels): at the point, flipped left/up when it would run off the right/bottom edge,
 * and clamped so it stays fully on screen (with `margin`).
 */
export function placeMenu(at: Point, size: Size, view: Size, margin = 8): Point {
  let x = at.x;
  let y = at.y;
  if (x + size.width > view.width - margin) x = at.x - size.width;
  if (y + size.height > view.height - margin) y = at.y - size.height;
  x = Math.min(Math.max(margin, x), Math.max(margin, view.width - margin - size.width));
  y = Math.min(Math.max(margin, y), Math.max(margin, view.height - margin - size.height));
  return { x: Math.round(x), y: Math.round(y) };
}
