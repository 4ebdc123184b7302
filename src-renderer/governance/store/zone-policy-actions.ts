/**
 * Undoable edits of a zone's policy: the pure reducers of model/zone-policy applied
 * through the document store's `edit()`, so undo/redo, the dirty marker, the spec view and
 * validation all follow. Discrete choices (a segmented button, a checkbox) are one undo
 * step each; typing in a number or list field coalesces into one step per burst.
 */
import type { RiskClass } from '../../../shared/spec/schema';
import { updateZone } from '../../model/zones';
import { edit } from '../../store/doc-store';
import * as P from '../model/zone-policy';

function editPolicy(zoneId: string, label: string, fn: (p: P.ZonePolicy) => P.ZonePolicy, coalesce?: string): boolean {
  return edit(
    label,
    (spec) => {
      const zone = spec.zones.find((z) => z.id === zoneId);
      if (!zone) return spec;
      const policy = fn(zone.policy);
      return policy === zone.policy ? spec : updateZone(spec, zoneId, { policy });
    },
    { source: 'inspector', ...(coalesce ? { coalesce: `zone-policy:${zoneId}:${coalesce}` } : {}) },
  );
}

const CHOICE_LABEL: Record<P.ClassChoice, string> = {
  unattended: 'unattended',
  approval: 'needs approval',
  forbidden: 'forbidden',
};

export function setRiskChoice(zoneId: string, cls: RiskClass, choice: P.ClassChoice): void {
  editPolicy(zoneId, `${cls}: ${CHOICE_LABEL[choice]}`, (p) => P.setClassChoice(p, cls, choice));
}

export function toggleAllowed(
  zoneId: string,
  key: P.AllowListKey,
  name: string,
  on: boolean,
  order: readonly string[],
): void {
  editPolicy(zoneId, `${on ? 'allow' : 'disallow'} ${key === 'connectors' ? 'connector' : 'secret'} ${name}`, (p) =>
    P.toggleAllowed(p, key, name, on, order),
  );
}

export function clearAllowList(zoneId: string, key: P.AllowListKey): void {
  editPolicy(zoneId, `allow all ${key}`, (p) => P.setAllowList(p, key, undefined));
}

export function setBudgetLimit(zoneId: string, key: P.BudgetKey, value: number | undefined): void {
  editPolicy(zoneId, 'edit budget', (p) => P.setBudgetLimit(p, key, value), `budget:${key}`);
}

export function setApprovalRule(zoneId: string, patch: Parameters<typeof P.setApprovalRule>[1], field: string): void {
  editPolicy(zoneId, `edit approval ${field}`, (p) => P.setApprovalRule(p, patch), `approvals:${field}`);
}
