/**
 * One row per risk class with a three-way choice: Unattended / Needs approval / Forbidden.
 * Native radios (styled as a segmented control) give arrow-key movement and screen-reader
 * semantics for free. Each row also says how many of the zone's steps make calls of that
 * class, so the author sees what a change affects before making it.
 */
import { RISK_CLASSES, type RiskClass, type Zone } from '../../../shared/spec/schema';
import { useDoc } from '../../store/doc-store';
import { RISK_HELP, RISK_LABEL, policyViewMap } from '../model/policy-view';
import { classChoice, CLASS_CHOICES, type ClassChoice } from '../model/zone-policy';
import { setRiskChoice } from '../store/zone-policy-actions';

const CHOICE_TEXT: Record<ClassChoice, string> = {
  unattended: 'Unattended',
  approval: 'Needs approval',
  forbidden: 'Forbidden',
};

/** Zone members per risk class, as a string so the selector compares by value. */
function memberClasses(zoneId: string) {
  return (s: { spec: Parameters<typeof policyViewMap>[0] }) => {
    const counts: Partial<Record<RiskClass, number>> = {};
    for (const v of policyViewMap(s.spec).values())
      if (v.zone === zoneId && v.riskClass) counts[v.riskClass] = (counts[v.riskClass] ?? 0) + 1;
    return JSON.stringify(counts);
  };
}

export function RiskClassChoices({ zone }: { zone: Zone }) {
  const counts = JSON.parse(useDoc(memberClasses(zone.id))) as Partial<Record<RiskClass, number>>;
  return (
    <div className="wm-gov-risks" data-testid="zone-risk-classes">
      {RISK_CLASSES.map((cls) => {
        const current = classChoice(zone.policy, cls);
        const shown: ClassChoice = current === 'unlisted' ? 'approval' : current;
        const labelId = `zone-${zone.id}-risk-${cls}`;
        const n = counts[cls] ?? 0;
        return (
          <div key={cls} className="wm-gov-risk" data-risk={cls}>
            <div className="wm-gov-risk__top">
              <span className={`wm-gov-chip wm-gov-chip--${cls}`} aria-hidden="true" />
              <span className="wm-gov-risk__name" id={labelId}>
                {RISK_LABEL[cls]}
              </span>
              {n > 0 && (
                <span
                  className="wm-gov-risk__count"
                  title={`${n} step${n === 1 ? '' : 's'} in this zone make${n === 1 ? 's' : ''} ${cls} calls`}
                >
                  {n} step{n === 1 ? '' : 's'}
                </span>
              )}
              <span className="wm-gov-risk__help">
                {current === 'unlisted' ? 'Not listed: needs approval' : RISK_HELP[cls]}
              </span>
            </div>
            <div className="wm-gov-seg" role="radiogroup" aria-labelledby={labelId}>
              {CLASS_CHOICES.map((c) => (
                <label key={c} className={`wm-gov-seg__item wm-gov-seg__item--${c}`}>
                  <input
                    type="radio"
                    name={labelId}
                    value={c}
                    checked={shown === c}
                    onChange={() => setRiskChoice(zone.id, cls, c)}
                  />
                  <span>{CHOICE_TEXT[c]}</span>
                </label>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
