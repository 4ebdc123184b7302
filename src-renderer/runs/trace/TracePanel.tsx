/**
 * The trace tab: a summary of the current run, the span list (tree or timeline) and the
 * selected span's details. Selecting a node on the canvas selects its latest step here.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDoc } from '../../store/doc-store';
import { WatchPanel } from '../debug/WatchPanel';
import { ticks, formatMs } from '../model/waterfall';
import { trace, useRuns } from '../store/runs-store';
import { RunSummaryBar } from './RunSummaryBar';
import { SpanDetails } from './SpanDetails';
import { spanStamp } from './SpanRow';
import { TraceList } from './TraceList';

/** Canvas → trace: a single selected node selects its latest step span. */
function useCanvasSelectionSync(): void {
  const node = useDoc((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  useEffect(() => {
    if (!node) return;
    const cur = useRuns.getState().selectedSpan;
    // A span of this node is already selected (a call inside its step): keep it.
    if (cur !== null && trace.tree.spans[cur]?.nodeId === node) return;
    const idx = trace.tree.byNode.get(node);
    if (idx !== undefined) useRuns.setState({ selectedSpan: idx });
  }, [node]);
}

function TimelineAxis() {
  const version = useRuns((s) => s.traceVersion);
  const root = trace.tree.spans[0];
  void version;
  if (!root) return null;
  const dur = Math.max(1, root.endMs - root.startMs);
  return (
    <div className="wm-axis" aria-hidden="true">
      <div className="wm-axis__name">Span</div>
      <div className="wm-axis__track">
        {ticks(dur).map((t) => (
          <span key={t} className="wm-axis__tick" style={{ left: `${(t / dur) * 100}%` }}>
            {formatMs(t)}
          </span>
        ))}
      </div>
    </div>
  );
}

export function TracePanel() {
  const { hasRun, view, selected, version, loading, total } = useRuns(
    useShallow((s) => ({
      hasRun: !!s.current,
      view: s.traceView,
      selected: s.selectedSpan,
      version: s.traceVersion,
      loading: s.traceLoading,
      total: s.traceTotal,
    })),
  );
  useCanvasSelectionSync();
  void version;
  const span = selected === null ? undefined : trace.tree.spans[selected];
  if (!hasRun) {
    return (
      <div className="wm-runs-empty" data-testid="trace-empty">
        <strong>No run yet</strong>
        <span>Press Run to execute this workflow. Every step, LLM call, HTTP call and retry appears here, live.</span>
      </div>
    );
  }
  return (
    <div className="wm-trace" data-testid="trace-panel">
      <RunSummaryBar />
      <div className="wm-trace__bar">
        <div className="wm-segmented" role="group" aria-label="Trace view">
          <button
            type="button"
            className="wm-segmented__item"
            aria-pressed={view === 'tree'}
            onClick={() => useRuns.setState({ traceView: 'tree' })}
            data-testid="view-tree"
          >
            Tree
          </button>
          <button
            type="button"
            className="wm-segmented__item"
            aria-pressed={view === 'timeline'}
            onClick={() => useRuns.setState({ traceView: 'timeline' })}
            data-testid="view-timeline"
          >
            Timeline
          </button>
        </div>
        <span className="wm-muted wm-trace__count" data-testid="trace-count">
          {trace.tree.spans.length.toLocaleString()} spans
          {loading ? ` · loading ${total.toLocaleString()} events…` : ''}
        </span>
      </div>
      {view === 'timeline' && <TimelineAxis />}
      <div className="wm-trace__list">
        <TraceList />
      </div>
      <div className="wm-trace__details">
        {span ? (
          <SpanDetails span={span} stamp={spanStamp(span)} />
        ) : (
          <div className="wm-details wm-muted">
            Select a span (or a node on the canvas) to see its input, output, tokens and cost.
          </div>
        )}
      </div>
      <WatchPanel />
    </div>
  );
}
