/** The risk class of a connector's calls, each with what it means. */
import { RISK_CLASSES } from '../../../shared/spec/schema';
import { RISK_HELP, RISK_LABEL } from '../../governance/model/policy-view';
import { Field } from '../../inspector/fields/Field';
import type { RiskClass } from './connector-model';

export function RiskSelect({
  id,
  value,
  onChange,
  unsetLabel,
}: {
  id: string;
  value: RiskClass | '';
  onChange(v: RiskClass | ''): void;
  unsetLabel: string;
}) {
  return (
    <Field
      id={id}
      label="Risk class"
      help="What a call through this connector may do: zones decide which classes run unattended."
    >
      <select
        id={id}
        className="wm-input wm-select"
        value={value}
        onChange={(e) => onChange(e.target.value as RiskClass | '')}
      >
        <option value="">{unsetLabel}</option>
        {RISK_CLASSES.map((r) => (
          <option key={r} value={r}>
            {RISK_LABEL[r]} — {RISK_HELP[r].toLowerCase()}
          </option>
        ))}
      </select>
    </Field>
  );
}
