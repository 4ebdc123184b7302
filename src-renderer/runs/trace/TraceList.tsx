/**
 * The span list (tree or timeline), virtualized. Rows are recomputed from the span array
 * when the trace grows or a span is collapsed — one linear pass, off the scroll path —
 * and scrolling only changes which 30-odd rows are mounted.
 */
import { useCallback, useMemo, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { hasChildren, visibleRows } from '../model/spans';
import { selectSpan, toggleCollapsed } from '../store/run-actions';
import { trace, useRuns } from '../store/runs-store';
import { VirtualList } from '../ui/VirtualList';
import { SpanRow, spanStamp } from './SpanRow';

export const ROW_HEIGHT = 28;

export function TraceList() {
  const { version, collapsed, selected, view } = useRuns(
    useShallow((s) => ({
      version: s.traceVersion,
      collapsed: s.collapsed,
      selected: s.selectedSpan,
      view: s.traceView,
    })),
  );
  const spans = trace.tree.spans;
  // `version` changes whenever the (mutated) tree does.
  const rows = useMemo(() => visibleRows(spans, collapsed), [spans, collapsed, version]);
  const root = spans[0];
  const timeline = useMemo(
    () => (view === 'timeline' && root ? { t0: root.startMs, t1: Math.max(root.endMs, root.startMs + 1) } : null),
    [view, root, root?.startMs, root?.endMs, version],
  );
  const activeRow = selected === null ? -1 : rows.indexOf(selected);

  const renderRow = useCallback(
    (i: number) => {
      const index = rows[i]!;
      const span = spans[index]!;
      return (
        <SpanRow
          key={span.id}
          index={index}
          span={span}
          stamp={spanStamp(span)}
          selected={index === selected}
          expandable={hasChildren(spans, index)}
          collapsed={collapsed.has(index)}
          timeline={timeline}
          onSelect={selectSpan}
          onToggle={toggleCollapsed}
        />
      );
    },
    [rows, spans, selected, collapsed, timeline],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const at = activeRow < 0 ? -1 : activeRow;
      const go = (r: number) => {
        e.preventDefault();
        const idx = rows[Math.max(0, Math.min(rows.length - 1, r))];
        if (idx !== undefined) selectSpan(idx);
      };
      if (e.key === 'ArrowDown') go(at + 1);
      else if (e.key === 'ArrowUp') go(at - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(rows.length - 1);
      else if (e.key === 'PageDown') go(at + 12);
      else if (e.key === 'PageUp') go(at - 12);
      else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && selected !== null && hasChildren(spans, selected)) {
        e.preventDefault();
        if (collapsed.has(selected) === (e.key === 'ArrowRight')) toggleCollapsed(selected);
      }
    },
    [activeRow, rows, selected, spans, collapsed],
  );

  return (
    <VirtualList
      count={rows.length}
      rowHeight={ROW_HEIGHT}
      renderRow={renderRow}
      activeIndex={activeRow}
      onKeyDown={onKeyDown}
      ariaLabel="Trace spans"
      testId="trace-list"
      className={view === 'timeline' ? 'is-timeline' : undefined}
    />
  );
}
