import { describe, expect, it } from 'vitest';
import { adaptRoute, labelPoint, roundedPath, routeApplies } from './edge-routes';
import { overviewFontPx, zoomLevel, OVERVIEW_SCREEN_PX } from './zoom-levels';

describe('edge routes', () => {
  const route = [
    { x: 0, y: 10 },
    { x: 50, y: 10 },
    { x: 50, y: 100 },
    { x: 120, y: 100 },
  ];
  it('re-aims a route at handles that moved a little, staying orthogonal', () => {
    const pts = adaptRoute(route, { x: 2, y: 30 }, { x: 118, y: 90 });
    expect(pts).toEqual([
      { x: 2, y: 30 },
      { x: 50, y: 30 },
      { x: 50, y: 90 },
      { x: 118, y: 90 },
    ]);
  });
  it('applies only while both steps stay where the layout put them', () => {
    const kept = { points: route, from: { x: 0, y: 0 }, to: { x: 200, y: 90 } };
    expect(routeApplies(kept, { x: 0, y: 0 }, { x: 200, y: 90 })).toBe(true);
    expect(routeApplies(kept, { x: 8, y: 0 }, { x: 200, y: 90 })).toBe(false);
    expect(routeApplies(kept, { x: 0, y: 0 }, undefined)).toBe(false);
  });
  it('adds a jog to a straight route whose ends no longer line up', () => {
    expect(
      adaptRoute(
        [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
        ],
        { x: 0, y: 0 },
        { x: 100, y: 20 },
      ),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 50, y: 0 },
      { x: 50, y: 20 },
      { x: 100, y: 20 },
    ]);
  });
  it('draws rounded corners and puts a fallback label on the longest segment', () => {
    expect(roundedPath(route, 10)).toBe('M0,10 L40,10 Q50,10 50,20 L50,90 Q50,100 60,100 L120,100');
    expect(labelPoint(route)).toEqual({ x: 50, y: 55 });
  });
});

describe('semantic zoom levels', () => {
  it('goes full → compact → overview as the canvas zooms out', () => {
    expect(zoomLevel(1)).toBe('full');
    expect(zoomLevel(0.5)).toBe('compact');
    expect(zoomLevel(0.3)).toBe('overview');
  });
  it('sizes overview names to stay readable on screen within the step', () => {
    for (const z of [0.2, 0.25, 0.3, 0.44]) expect(overviewFontPx(z) * z).toBeGreaterThanOrEqual(OVERVIEW_SCREEN_PX);
    expect(overviewFontPx(0.01)).toBe(64);
    expect(overviewFontPx(0.449)).toBeGreaterThanOrEqual(24);
  });
});
