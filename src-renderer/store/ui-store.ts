/**
 * Transient UI state that is not part of the document and never undone: canvas
 * measurements and in-flight drags, open panels and dialogs, toasts, and requests for the
 * canvas to focus an element (the problems panel and the search palette send those).
 */
import type { XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { Rect, Size } from '../model/zones';

export type RightPanel = 'inspector' | 'spec' | 'secrets' | 'cost';
export type Dialog = 'open' | 'saveAs' | 'shortcuts' | 'search' | 'settings' | null;

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
}

export interface FocusRequest {
  kind: 'node' | 'edge' | 'zone';
  id: string;
  seq: number;
}

export interface UiState {
  measured: Record<string, Size>;
  dragging: Record<string, XYPosition>;
  resizing: Record<string, Rect>;
  rightPanel: RightPanel;
  problemsOpen: boolean;
  dialog: Dialog;
  toasts: Toast[];
  focus: FocusRequest | null;
  /** Canvas zoom below which nodes render compactly. */
  compact: boolean;
}

export const useUi = create<UiState>()(() => ({
  measured: {},
  dragging: {},
  resizing: {},
  rightPanel: 'inspector',
  problemsOpen: true,
  dialog: null,
  toasts: [],
  focus: null,
  compact: false,
}));

let toastSeq = 0;
export function toast(message: string, kind: Toast['kind'] = 'info'): void {
  const t = { id: ++toastSeq, kind, message };
  useUi.setState((s) => ({ toasts: [...s.toasts.slice(-3), t] }));
  setTimeout(
    () => useUi.setState((s) => ({ toasts: s.toasts.filter((x) => x.id !== t.id) })),
    kind === 'error' ? 7000 : 3500,
  );
}

let focusSeq = 0;
/** Asks the canvas to select and centre an element. */
export function requestFocus(kind: FocusRequest['kind'], id: string): void {
  useUi.setState({ focus: { kind, id, seq: ++focusSeq } });
}

export function openDialog(dialog: Dialog): void {
  useUi.setState({ dialog });
}
