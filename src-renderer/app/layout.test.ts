import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, LIMITS, MIN_CANVAS_WIDTH, RAIL_WIDTH, readLayout, runsDocked } from './layout';

describe('panel layout', () => {
  it('reads back what was stored, clamped to each size limit', () => {
    const stored = JSON.stringify({
      paletteWidth: 5000,
      rightWidth: 10,
      runsWidth: 500.6,
      problemsHeight: 300,
      paletteCollapsed: true,
      rightCollapsed: 'yes',
    });
    expect(readLayout(stored)).toEqual({
      paletteWidth: LIMITS.paletteWidth.max,
      rightWidth: LIMITS.rightWidth.min,
      runsWidth: 501,
      problemsHeight: 300,
      paletteCollapsed: true,
      rightCollapsed: DEFAULT_LAYOUT.rightCollapsed,
    });
  });

  it.each([null, '', 'not json', '[1,2]', '{"paletteWidth":"wide","problemsHeight":null}'])(
    'falls back to the defaults for %j',
    (raw) => {
      expect(readLayout(raw)).toEqual(DEFAULT_LAYOUT);
    },
  );

  it('docks the runs panel only when the canvas keeps its minimum width', () => {
    const l = DEFAULT_LAYOUT;
    const need = l.paletteWidth + l.rightWidth + l.runsWidth + MIN_CANVAS_WIDTH;
    expect(runsDocked(need, l)).toBe(true);
    expect(runsDocked(need - 1, l)).toBe(false);
    expect(runsDocked(1920, l)).toBe(true);
    expect(runsDocked(1440, l)).toBe(false);
    // A collapsed palette is a rail: room to dock at 1440.
    expect(runsDocked(1440, { ...l, paletteCollapsed: true })).toBe(
      RAIL_WIDTH + l.rightWidth + l.runsWidth + MIN_CANVAS_WIDTH <= 1440,
    );
  });
});
