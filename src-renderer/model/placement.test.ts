import { describe, expect, it } from 'vitest';
import { ADD_GAP_X, ADD_GAP_Y, pasteOffset, placeAtDrop, placeMenu, placeRightOf, PASTE_CASCADE } from './placement';

const size = { width: 240, height: 76 };

describe('placeRightOf', () => {
  const source = { x: 100, y: 200, width: 240, height: 100 };
  it('puts the step to the right of the source, centred on the port', () => {
    expect(placeRightOf(source, 260, size, [])).toEqual({ x: 340 + ADD_GAP_X, y: 260 - 38 });
  });
  it('steps down past a step already there, then up when below is taken too', () => {
    const slot = { x: 340 + ADD_GAP_X, y: 222, ...size };
    expect(placeRightOf(source, 260, size, [slot])).toEqual({ x: slot.x, y: 222 + 76 + ADD_GAP_Y });
    const below = { ...slot, y: 222 + 76 + ADD_GAP_Y };
    expect(placeRightOf(source, 260, size, [slot, below])).toEqual({ x: slot.x, y: 222 - 76 - ADD_GAP_Y });
  });
  it('ignores steps that do not overlap the slot', () => {
    expect(placeRightOf(source, 260, size, [{ x: 2000, y: 222, ...size }])).toEqual({ x: 436, y: 222 });
  });
});

describe('placeAtDrop', () => {
  it('puts the input side at the pointer', () => {
    expect(placeAtDrop({ x: 500.4, y: 300 }, size)).toEqual({ x: 500, y: 262 });
  });
});

describe('pasteOffset', () => {
  const origin = { x: 100, y: 100 };
  it('lands the top-left at the cursor', () => {
    expect(pasteOffset(origin, { x: 600, y: 350 }, 0)).toEqual({ x: 500, y: 250 });
    expect(pasteOffset(origin, { x: 20, y: 30 }, 3)).toEqual({ x: -80, y: -70 });
  });
  it('never on top of the original when the cursor is over it', () => {
    const off = pasteOffset(origin, { x: 110, y: 95 }, 0);
    expect(Math.abs(off.x) >= 24 || Math.abs(off.y) >= 24).toBe(true);
    expect(off).toEqual({ x: 10 + PASTE_CASCADE, y: -5 + PASTE_CASCADE });
  });
  it('cascades from the original with the cursor off the canvas', () => {
    expect(pasteOffset(origin, undefined, 0)).toEqual({ x: 40, y: 40 });
    expect(pasteOffset(origin, undefined, 2)).toEqual({ x: 120, y: 120 });
  });
});

describe('placeMenu', () => {
  const view = { width: 1280, height: 800 };
  const menu = { width: 200, height: 300 };
  it('opens at the point when it fits', () => {
    expect(placeMenu({ x: 100, y: 100 }, menu, view)).toEqual({ x: 100, y: 100 });
  });
  it('flips left and up near the right and bottom edges', () => {
    expect(placeMenu({ x: 1200, y: 700 }, menu, view)).toEqual({ x: 1000, y: 400 });
  });
  it('stays on screen when neither side fits', () => {
    expect(placeMenu({ x: 150, y: 200 }, { width: 200, height: 780 }, view)).toEqual({ x: 150, y: 8 });
    expect(placeMenu({ x: -50, y: -10 }, menu, view)).toEqual({ x: 8, y: 8 });
    expect(placeMenu({ x: 100, y: 100 }, { width: 2000, height: 100 }, view)).toEqual({ x: 8, y: 100 });
  });
});
