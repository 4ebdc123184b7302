/**
 * What floats over the canvas: the step picker, a context menu, the keyboard "connect from
 * this step" chooser, and which step the pointer is over (for its hover toolbar). Transient
 * UI state, never undone. At most one popup is open at a time.
 */
import { create } from 'zustand';
import type { Point } from '../model/spec-ops';

/** An output port of a step: where a new or keyboard-made connection starts. */
export interface PortRef {
  source: string;
  handle: string;
}

/** Where a picked step goes (flow coordinates). */
export type Placement =
  /** To the right of its source step, level with the port at `portY`. */
  | { kind: 'right'; portY: number }
  /** Its input side at `at` (a connection dropped on empty canvas). */
  | { kind: 'drop'; at: Point }
  /** Centred on `at` (the canvas menu's "Add step"). */
  | { kind: 'centre'; at: Point };

export interface PickerRequest {
  /** Screen point the picker opens at. */
  screen: Point;
  place: Placement;
  from?: PortRef;
}

export interface MenuRequest {
  kind: 'node' | 'pane' | 'edge';
  /** The step or edge the menu is for. */
  id?: string;
  screen: Point;
  /** The flow point under the pointer (paste here, add step here). */
  flow: Point;
}

interface OverlayState {
  picker: PickerRequest | null;
  menu: MenuRequest | null;
  /** The step whose ports the keyboard connect chooser starts from. */
  connectFrom: string | null;
  hovered: string | null;
}

export const useOverlay = create<OverlayState>(() => ({ picker: null, menu: null, connectFrom: null, hovered: null }));

export function openPicker(req: PickerRequest): void {
  useOverlay.setState({ picker: req, menu: null, connectFrom: null });
}

export function openMenu(req: MenuRequest): void {
  useOverlay.setState({ menu: req, picker: null, connectFrom: null });
}

export function openConnect(source: string): void {
  useOverlay.setState({ connectFrom: source, menu: null, picker: null });
}

export function closeOverlays(): void {
  useOverlay.setState({ picker: null, menu: null, connectFrom: null });
}

export function setHovered(id: string | null): void {
  if (useOverlay.getState().hovered !== id) useOverlay.setState({ hovered: id });
}

/**
 * The pointer's last flow position over the canvas, or undefined when it is elsewhere:
 * where a paste lands. Kept outside React state (it changes on every pointer move).
 */
let cursor: Point | undefined;
export function setCanvasCursor(p: Point | undefined): void {
  cursor = p;
}
export function canvasCursor(): Point | undefined {
  return cursor;
}
