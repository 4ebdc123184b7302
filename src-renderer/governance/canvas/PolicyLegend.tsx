/**
 * The policy view's legend (top-right of the canvas, clear of zone headers, with a count
 * per colour) and its hover card: pointing at or focusing a step shows the rule that
 * decides what it may do, as
 * `waymark policy` prints it. One listener on the canvas serves every step, rather than
 * one per node.
 */
import { Panel, useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useShallow } from 'zustand/react/shallow';
import { useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { policyViewMap, TONE_LABEL, TONES, toneCounts, type NodePolicyView } from '../model/policy-view';
import { useGovernance } from '../store/governance-store';

const domNodeOf = (s: ReactFlowState) => s.domNode;

interface Hover {
  id: string;
  name: string;
  view: NodePolicyView;
  rect: DOMRect;
  /** The canvas: the card stays over it, never over the panels beside it. */
  bounds: DOMRect;
}

function useHoveredStep(root: HTMLElement | null): Hover | null {
  const [hover, setHover] = useState<Hover | null>(null);
  useEffect(() => {
    if (!root) return;
    const show = (e: Event) => {
      const el = (e.target as Element | null)?.closest?.('.react-flow__node-step');
      const id = el?.getAttribute('data-id');
      if (!el || !id) return setHover(null);
      const spec = useDoc.getState().spec;
      const view = policyViewMap(spec).get(id);
      const node = spec.nodes.find((n) => n.id === id);
      setHover(
        view && node
          ? { id, name: node.name, view, rect: el.getBoundingClientRect(), bounds: root.getBoundingClientRect() }
          : null,
      );
    };
    const hide = (e: Event) => {
      const to = (e as PointerEvent | FocusEvent).relatedTarget as Element | null;
      if (!to?.closest?.('.react-flow__node-step')) setHover(null);
    };
    // Panning or zooming moves the step from under the card: hide it rather than chase it.
    const clear = () => setHover(null);
    root.addEventListener('pointerover', show);
    root.addEventListener('pointerout', hide);
    root.addEventListener('focusin', show);
    root.addEventListener('focusout', hide);
    root.addEventListener('wheel', clear, { passive: true });
    root.addEventListener('pointerdown', clear);
    return () => {
      root.removeEventListener('pointerover', show);
      root.removeEventListener('pointerout', hide);
      root.removeEventListener('focusin', show);
      root.removeEventListener('focusout', hide);
      root.removeEventListener('wheel', clear);
      root.removeEventListener('pointerdown', clear);
    };
  }, [root]);
  return hover;
}

function HoverCard({ hover }: { hover: Hover }) {
  const { view, rect, bounds } = hover;
  // Above the step when there is room, else below; clamped to the canvas.
  const above = rect.top - bounds.top > 130;
  const style = {
    left: Math.max(bounds.left + 8, Math.min(rect.left, bounds.right - 338)),
    ...(above ? { bottom: window.innerHeight - rect.top + 8 } : { top: rect.bottom + 8 }),
  };
  return createPortal(
    <div className={`wm-gov-card wm-gov-card--${view.tone}`} role="tooltip" style={style} data-testid="policy-tooltip">
      <div className="wm-gov-card__head">
        <span className={`wm-gov-dot wm-gov-dot--${view.tone}`} aria-hidden="true" />
        <strong>{TONE_LABEL[view.tone]}</strong>
        <span className="wm-gov-card__name">{hover.name}</span>
      </div>
      <p className="wm-gov-card__rule">{view.rule}</p>
      <p className="wm-gov-card__meta">
        {view.riskClass ? `Risk class ${view.riskClass}` : 'No risk class'} ·{' '}
        {view.zone ? `zone "${view.zone}"` : 'outside every zone (default policy)'}
      </p>
    </div>,
    document.body,
  );
}

export function PolicyLegend() {
  const on = useGovernance((s) => s.policyView);
  const counts = useDoc(useShallow((s) => toneCounts(s.spec)));
  const root = useStore(domNodeOf);
  const hover = useHoveredStep(on ? root : null);
  if (!on) return null;
  return (
    <Panel position="top-right" className="wm-gov-legend" aria-label="Policy view legend" data-testid="policy-legend">
      <div className="wm-gov-legend__head">
        <strong>Policy view</strong>
        <span className="wm-muted">what each step may do unattended</span>
        <Button
          icon="x"
          iconOnly
          size="sm"
          label="Close policy view"
          onClick={() => useGovernance.setState({ policyView: false })}
        />
      </div>
      <ul className="wm-gov-legend__items">
        {TONES.map((t) => (
          <li key={t} data-testid={`legend-${t}`}>
            <span className={`wm-gov-dot wm-gov-dot--${t}`} aria-hidden="true" />
            <span>{TONE_LABEL[t]}</span>
            <span className="wm-gov-legend__count">{counts[t]}</span>
          </li>
        ))}
      </ul>
      {hover && <HoverCard hover={hover} />}
    </Panel>
  );
}
