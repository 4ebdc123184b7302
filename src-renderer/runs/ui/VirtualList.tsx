/**
 * A fixed-row-height virtual list: only the rows in (and just around) the viewport are
 * mounted, so 100,000 rows cost what 40 do. The scroll position is read in a passive
 * listener and applied per animation frame; the math lives in model/windowing.ts.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { scrollToRow, windowRange } from '../model/windowing';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow(index: number): ReactNode;
  /** Row kept in view (the selection); scrolled to when it changes. */
  activeIndex?: number;
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  ariaLabel: string;
  testId?: string;
  className?: string;
}

export function VirtualList({
  count,
  rowHeight,
  renderRow,
  activeIndex,
  onKeyDown,
  ariaLabel,
  testId,
  className,
}: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let raf = 0;
    const read = () => {
      raf = 0;
      setView((v) =>
        v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight },
      );
    };
    const onScroll = () => {
      if (!raf) raf = requestAnimationFrame(read);
    };
    read();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      cancelAnimationFrame(raf);
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex === undefined || activeIndex < 0) return;
    const top = scrollToRow(activeIndex, el.scrollTop, el.clientHeight, rowHeight);
    if (top !== el.scrollTop) el.scrollTop = top;
  }, [activeIndex, rowHeight]);

  const { start, end, offset, total } = windowRange({
    scrollTop: view.top,
    viewportHeight: view.height,
    rowHeight,
    count,
  });
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) rows.push(renderRow(i));
  return (
    <div
      ref={ref}
      className={`wm-vlist${className ? ` ${className}` : ''}`}
      role="tree"
      aria-label={ariaLabel}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={testId}
      data-count={count}
    >
      <div className="wm-vlist__spacer" style={{ height: total }}>
        <div className="wm-vlist__rows" style={{ transform: `translateY(${offset}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
