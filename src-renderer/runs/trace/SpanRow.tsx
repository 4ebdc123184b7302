/**
 * One trace row, in the tree view (indent, name, detail, duration, cost) or the timeline
 * view (name column and a bar on the run's time axis). Memoized on the span's values:
 * the tree mutates spans in place, so the row receives the fields it shows.
 */
import { memo } from 'react';
import type { Span, SpanKind } from '../model/spans';
import { barFor, formatCost, formatMs } from '../model/waterfall';

/** Short kind chips for child spans (text, not emoji: every font has it). */
const KIND_CHIP: Record<SpanKind, string> = {
  run: 'RUN',
  step: '',
  llm: 'LLM',
  http: 'HTTP',
  retry: 'RETRY',
  decision: 'RULE',
  approval: 'GATE',
  policy: 'POLICY',
  guardrail: 'GUARD',
  budget: 'BUDGET',
  edit: 'EDIT',
  pause: 'PAUSE',
  resume: 'RESUME',
  secret: 'SECRET',
};

export interface SpanRowProps {
  index: number;
  span: Span;
  /** Snapshot of the mutable fields, so memo sees changes. */
  stamp: string;
  selected: boolean;
  expandable: boolean;
  collapsed: boolean;
  timeline: { t0: number; t1: number } | null;
  onSelect(index: number): void;
  onToggle(index: number): void;
}

export const SpanRow = memo(function SpanRow({
  index,
  span,
  selected,
  expandable,
  collapsed,
  timeline,
  onSelect,
  onToggle,
}: SpanRowProps) {
  const dur = Math.max(0, span.endMs - span.startMs);
  const bar = timeline ? barFor(span.startMs, span.endMs, timeline.t0, timeline.t1) : null;
  return (
    <div
      role="treeitem"
      aria-level={span.depth + 1}
      aria-selected={selected}
      aria-expanded={expandable ? !collapsed : undefined}
      className={`wm-span wm-span--${span.kind} is-${span.status}${selected ? ' is-selected' : ''}`}
      onClick={() => onSelect(index)}
      data-testid={`span-${span.id}`}
      data-kind={span.kind}
      data-node={span.nodeId}
    >
      <div className="wm-span__name" style={{ paddingLeft: 6 + span.depth * 14 }}>
        {expandable ? (
          <button
            type="button"
            tabIndex={-1}
            className={`wm-span__chev${collapsed ? '' : ' is-open'}`}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(index);
            }}
          >
            ›
          </button>
        ) : (
          <span className="wm-span__chev" aria-hidden="true" />
        )}
        {span.kind === 'step' ? (
          <span className="wm-span__dot" aria-hidden="true" />
        ) : (
          <span className="wm-span__chip">{KIND_CHIP[span.kind]}</span>
        )}
        <span className="wm-span__label">{span.label}</span>
        {!timeline && span.detail && <span className="wm-span__detail">{span.detail}</span>}
      </div>
      {bar ? (
        <>
          <div className="wm-span__track" aria-hidden="true">
            <div className="wm-span__bar" style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }} />
          </div>
          {/* Durations get their own column, so no bar, label or axis text can cover them. */}
          <span className="wm-span__num wm-span__dur">{formatMs(dur)}</span>
        </>
      ) : (
        <>
          <span className="wm-span__num">
            {span.kind === 'step' || span.kind === 'run' || dur > 0 ? formatMs(dur) : ''}
          </span>
          <span className="wm-span__num wm-span__cost">{span.costUsd > 0 ? formatCost(span.costUsd) : ''}</span>
        </>
      )}
    </div>
  );
});

/** The fields of a span that can change after it is created (status, end, cost…). */
export function spanStamp(s: Span): string {
  return `${s.status}|${s.endMs}|${s.startMs}|${s.costUsd}|${s.label}|${s.detail}|${s.attempt ?? ''}`;
}
