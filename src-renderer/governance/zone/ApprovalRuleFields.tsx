/**
 * Who decides the automatic approval gates of the zone's steps, how long they wait, and
 * what happens when nobody decides in time. Mirrors the validator: escalation needs
 * someone to escalate to, and a timeout action needs a timeout.
 */
import type { Zone } from '../../../shared/spec/schema';
import { Field } from '../../inspector/fields/Field';
import { StringListEditor } from '../../inspector/fields/lists';
import { setApprovalRule } from '../store/zone-policy-actions';
import { DurationInput } from './DurationInput';

export function ApprovalRuleFields({ zone }: { zone: Zone }) {
  const rule = zone.policy.approvals ?? {};
  const onTimeout = rule.onTimeout ?? 'reject';
  const base = `zone-${zone.id}-approvals`;
  return (
    <div className="wm-gov-approvals" data-testid="zone-approvals">
      <Field id={`${base}-approvers`} label="Approvers" asGroup help="Who may decide; anyone when empty.">
        <StringListEditor
          id={`${base}-approvers`}
          label="Approvers"
          value={rule.approvers}
          placeholder="e.g. finance-lead"
          onChange={(v) => setApprovalRule(zone.id, { approvers: v }, 'approvers')}
        />
      </Field>
      <Field
        id={`${base}-timeout`}
        label="Timeout"
        help={rule.timeoutMs === undefined ? 'No timeout: a run can wait for a decision forever.' : undefined}
      >
        <DurationInput
          id={`${base}-timeout`}
          label="Timeout"
          value={rule.timeoutMs}
          units={['min', 'h', 'd']}
          fallback="h"
          placeholder="No timeout"
          onChange={(ms) => setApprovalRule(zone.id, { timeoutMs: ms === 0 ? undefined : ms }, 'timeout')}
        />
      </Field>
      <div className="wm-field">
        <span className="wm-field__label" id={`${base}-ontimeout`}>
          On timeout
        </span>
        <div className="wm-gov-seg wm-gov-seg--plain" role="radiogroup" aria-labelledby={`${base}-ontimeout`}>
          {(['reject', 'escalate'] as const).map((v) => (
            <label key={v} className="wm-gov-seg__item">
              <input
                type="radio"
                name={`${base}-ontimeout`}
                value={v}
                checked={onTimeout === v}
                onChange={() => setApprovalRule(zone.id, { onTimeout: v }, 'on-timeout')}
              />
              <span>{v === 'reject' ? 'Reject' : 'Escalate'}</span>
            </label>
          ))}
        </div>
        <p className="wm-field__help">
          {onTimeout === 'reject'
            ? 'The call is rejected and the step takes its error edge.'
            : 'Escalates once to the people below, with the timer restarted; if that times out too, it is rejected.'}
        </p>
      </div>
      {onTimeout === 'escalate' && (
        <Field
          id={`${base}-escalate`}
          label="Escalate to"
          asGroup
          required
          error={rule.escalateTo?.length ? undefined : 'Escalation needs someone to escalate to.'}
        >
          <StringListEditor
            id={`${base}-escalate`}
            label="Escalate to"
            value={rule.escalateTo}
            placeholder="e.g. cfo"
            onChange={(v) => setApprovalRule(zone.id, { escalateTo: v }, 'escalate-to')}
          />
        </Field>
      )}
    </div>
  );
}
