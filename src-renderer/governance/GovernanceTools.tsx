/**
 * The toolbar's governance controls: the policy view toggle (Shift+P, in app/shortcuts) and the audit log,
 * which opens as a tab of the runs panel next to the run it belongs to.
 */
import { useRuns } from '../runs/store/runs-store';
import { togglePolicyView, useGovernance } from './store/governance-store';
import { GovIcon, type GovIconName } from './ui/gov-icons';

export function GovernanceTools() {
  const on = useGovernance((s) => s.policyView);
  const auditOpen = useRuns((s) => s.panelOpen && s.tab === 'audit');
  const openAudit = () => useRuns.setState(auditOpen ? { panelOpen: false } : { panelOpen: true, tab: 'audit' });
  return (
    <div className="wm-toolbar__group" role="group" aria-label="Governance">
      <ToggleButton
        icon="shieldCheck"
        label="Policy view"
        title="Policy view: colour steps by what they may do unattended (Shift+P)"
        pressed={on}
        onClick={togglePolicyView}
        testId="policy-view-toggle"
      />
      <ToggleButton
        icon="scroll"
        label="Audit log"
        title="Audit log of a run"
        pressed={auditOpen}
        onClick={openAudit}
        testId="audit-open"
      />
    </div>
  );
}

/** Drawn like ui/Button (same classes, so the toolbar's responsive rules apply), with a governance glyph. */
function ToggleButton({
  icon,
  label,
  title,
  pressed,
  onClick,
  testId,
}: {
  icon: GovIconName;
  label: string;
  title: string;
  pressed: boolean;
  onClick(): void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className="wm-btn wm-btn--ghost wm-btn--md wm-gov-toggle"
      aria-pressed={pressed}
      aria-label={label}
      title={title}
      onClick={onClick}
      data-testid={testId}
    >
      <GovIcon name={icon} size={16} />
      <span className="wm-btn__label">{label}</span>
    </button>
  );
}
