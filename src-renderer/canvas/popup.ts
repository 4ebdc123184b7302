/**
 * Shared behaviour of the canvas popups (step picker, context menus, connect chooser):
 * placed at a screen point but kept on screen, closed by a press outside them or a window
 * resize, and focus handed back to where it was when they close without acting.
 */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { Point } from '../model/spec-ops';
import { placeMenu } from '../model/placement';

/** The popup's top-left: `at` moved so the measured popup stays fully on screen. */
export function usePopupPlacement(ref: RefObject<HTMLElement | null>, at: Point, deps: unknown[] = []): Point | null {
  const [pos, setPos] = useState<Point | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos(
      placeMenu(at, { width: r.width, height: r.height }, { width: window.innerWidth, height: window.innerHeight }),
    );
  }, [ref, at.x, at.y, ...deps]);
  return pos;
}

/** Calls `onClose` on a pointer press outside `ref` or when the window is resized. */
export function useCloseOutside(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('resize', onClose);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('resize', onClose);
    };
  }, [ref, onClose]);
}

/** Remembers what had focus when the popup opened; `restore()` gives it back. */
export function useFocusReturn(): () => void {
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  return () => {
    if (before?.isConnected) before.focus({ preventScroll: true });
  };
}
