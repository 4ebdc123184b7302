/**
 * Semantic zoom: what a step shows depends on how large it is on screen.
 *
 * - `full` (readable zoom): name, type, summary, labelled ports.
 * - `compact`: name in larger type and the type icon; no summary or port labels.
 * - `overview` (far out, e.g. the fit view of a whole workflow): a cheap face with a big
 *   type icon and the name in type sized so it stays about {@link OVERVIEW_SCREEN_PX} on
 *   screen (in steps, so zooming re-lays out text only when a step is crossed).
 *
 * The level is read once per canvas (one React Flow store subscription, not one per node)
 * and handed to the nodes by context, so panning re-renders nothing and zooming re-renders
 * the nodes only when the level changes.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { createContext, useContext } from 'react';

export type ZoomLevel = 'full' | 'compact' | 'overview';

/** At and above this zoom steps show everything. */
export const FULL_ZOOM = 0.6;
/** At and above this zoom (and below FULL_ZOOM) steps are compact. */
export const COMPACT_ZOOM = 0.45;
/** The on-screen size the overview keeps step names at (CSS px). */
export const OVERVIEW_SCREEN_PX = 11.5;
/** The overview name's type size in canvas units stays within these (beyond, it would not fit a step). */
export const OVERVIEW_FONT = { min: 24, max: 64, step: 2 } as const;

export function zoomLevel(zoom: number): ZoomLevel {
  if (zoom >= FULL_ZOOM) return 'full';
  if (zoom >= COMPACT_ZOOM) return 'compact';
  return 'overview';
}

/** Type size (canvas px) of overview names at `zoom`: rounded up to a step, clamped. */
export function overviewFontPx(zoom: number): number {
  const want = OVERVIEW_SCREEN_PX / Math.max(zoom, 1e-3);
  const stepped = Math.ceil(want / OVERVIEW_FONT.step) * OVERVIEW_FONT.step;
  return Math.min(OVERVIEW_FONT.max, Math.max(OVERVIEW_FONT.min, stepped));
}

/** One string per distinct look, so the selector's result only changes when the look does. */
export function zoomKey(zoom: number): string {
  const level = zoomLevel(zoom);
  return level === 'overview' ? `overview:${overviewFontPx(zoom)}` : level;
}

const keySelector = (s: ReactFlowState) => zoomKey(s.transform[2]);

/** The canvas' look key (`full`, `compact`, `overview:<font px>`); call inside the React Flow provider. */
export function useZoomKey(): string {
  return useStore(keySelector);
}

export function levelOfKey(key: string): ZoomLevel {
  return key.startsWith('overview') ? 'overview' : (key as ZoomLevel);
}

export const ZoomLevelContext = createContext<ZoomLevel>('full');

export function useZoomLevel(): ZoomLevel {
  return useContext(ZoomLevelContext);
}
