/**
 * A step's governance marks on the canvas: a chip with its effective risk class, a glyph
 * when its calls need approval (hand) or are forbidden (stop), and — in the policy view —
 * the data the stylesheet uses to tint the whole step (`.wm-node:has(...)`), so the
 * step component needs only this one child and no knowledge of policies.
 *
 * Each step subscribes to its own policy as a string, so an edit re-renders only the steps
 * whose policy it changed.
 */
import { memo } from 'react';
import { useDoc } from '../../store/doc-store';
import { parsePolicyKey, policyKey, RISK_SHORT, TONE_LABEL } from '../model/policy-view';
import { useGovernance } from '../store/governance-store';
import { GovIcon } from '../ui/gov-icons';

export const PolicyMark = memo(function PolicyMark({ id, compact = false }: { id: string; compact?: boolean }) {
  const key = useDoc((s) => policyKey(s.spec, id));
  const view = useGovernance((s) => s.policyView);
  const p = parsePolicyKey(key);
  if (!p) return null;
  const viewAttrs = view ? { 'data-policy-tone': p.tone } : {};
  if (!p.riskClass) return view ? <span className="wm-gov-mark" {...viewAttrs} hidden /> : null;
  const label = `Risk: ${p.riskClass} · ${TONE_LABEL[p.tone].toLowerCase()}`;
  return (
    <span
      className={`wm-gov-mark wm-gov-mark--${p.tone}`}
      {...viewAttrs}
      role="img"
      aria-label={label}
      title={view ? undefined : `${label}\n${p.rule}`}
      data-testid={`risk-${id}`}
      data-risk={p.riskClass}
      data-decision={p.tone}
    >
      <span className={`wm-gov-badge wm-gov-badge--${p.riskClass}`}>
        {compact ? RISK_SHORT[p.riskClass].slice(0, 1).toUpperCase() : RISK_SHORT[p.riskClass]}
      </span>
      {p.tone === 'approval' && <GovIcon name="hand" size={13} className="wm-gov-mark__glyph" />}
      {p.tone === 'forbid' && <GovIcon name="stop" size={13} className="wm-gov-mark__glyph" />}
    </span>
  );
});
