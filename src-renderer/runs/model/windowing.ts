/**
 * Windowing math for fixed-height virtual lists: which rows to mount for a scroll position.
 * Pure, so the list component stays a thin shell and the math is unit-tested.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows mounted above and below the viewport, so fast scrolls show no blank rows. */
  overscan?: number;
}

export interface WindowRange {
  /** First mounted row (inclusive). */
  start: number;
  /** Last mounted row (exclusive). */
  end: number;
  /** Top offset of the first mounted row, in px. */
  offset: number;
  /** Height of the whole list, in px. */
  total: number;
}

/**
 * Browsers cap element heights (Chromium near 33.5M px); 100k rows × 26 px = 2.6M is well
 * under it, but clamp anyway so a pathological list degrades instead of breaking.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export function windowRange({ scrollTop, viewportHeight, rowHeight, count, overscan = 6 }: WindowInput): WindowRange {
  const total = Math.min(count * rowHeight, MAX_SCROLL_HEIGHT);
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total: 0 };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scrollTop that brings a row into view (unchanged when it already is). */
export function scrollToRow(row: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = row * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
