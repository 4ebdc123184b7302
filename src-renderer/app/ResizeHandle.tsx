/**
 * A window splitter (WAI-ARIA `separator`, focusable): drag it to resize the panel next to
 * it, or focus it and use the arrow keys (Shift: bigger steps), Home/End for the smallest
 * and largest size, Enter to collapse or open the panel. Double-click also collapses.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface Props {
  /** Accessible name, e.g. "Resize the palette". */
  label: string;
  /** `vertical`: a vertical bar that changes a width; `horizontal`: a bar that changes a height. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** +1 when moving right/down makes the panel bigger, -1 when it makes it smaller. */
  grow: 1 | -1;
  onResize(value: number): void;
  /** Collapse (or open) the panel. */
  onToggle?(): void;
  /** Id of the panel this splitter resizes. */
  controls?: string;
  className?: string;
  testId?: string;
}

const STEP = 16;
const BIG_STEP = 64;

export function ResizeHandle({
  label,
  orientation,
  value,
  min,
  max,
  grow,
  onResize,
  onToggle,
  controls,
  className = '',
  testId,
}: Props) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const clamp = (v: number) => Math.min(max, Math.max(min, Math.round(v)));
  const coord = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus({ preventScroll: true });
    drag.current = { start: coord(e), value };
    document.body.classList.add(orientation === 'vertical' ? 'wm-resizing-x' : 'wm-resizing-y');
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) onResize(clamp(d.value + grow * (coord(e) - d.start)));
  };
  const end = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    document.body.classList.remove('wm-resizing-x', 'wm-resizing-y');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const [less, more] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    let next: number | undefined;
    if (e.key === more) next = value + grow * step;
    else if (e.key === less) next = value - grow * step;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    else if (e.key === 'Enter' && onToggle) {
      e.preventDefault();
      onToggle();
      return;
    } else return;
    e.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-controls={controls}
      title={`${label}: drag, or use the arrow keys${onToggle ? '; Enter or double-click hides it' : ''}`}
      className={`wm-resize wm-resize--${orientation} ${className}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      onLostPointerCapture={end}
      onDoubleClick={onToggle}
      onKeyDown={onKeyDown}
      data-testid={testId}
    />
  );
}
