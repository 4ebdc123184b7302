/**
 * What changed in a workflow's governance between two versions of its document: zones and
 * their policies (risk classes allowed unattended, needing approval or forbidden; allowed
 * connectors and secrets; budgets; approval rules), connectors' risk classes, and steps' risk
 * classes and zones. One readable line per change, naming zones, connectors and steps as a
 * person knows them — what the audit log records when a policy edit is saved
 * (`policy.edited`, see docs/audit.md).
 */
import { canonicalJson } from './spec/canonical';
import type { WorkflowSpec } from './spec/schema';

type Spec = Pick<WorkflowSpec, 'zones' | 'connectors' | 'nodes'>;

const POLICY_FIELDS = [
  ['unattended', 'runs unattended'],
  ['approval', 'needs approval'],
  ['forbidden', 'forbidden'],
  ['connectors', 'allowed connectors'],
  ['secrets', 'allowed secrets'],
  ['budget', 'budget'],
  ['approvals', 'approval rule'],
] as const;

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (v !== null && typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k} ${Array.isArray(x) ? `[${x.join(', ')}]` : String(x)}`)
      .join(', ');
  return String(v);
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The governance changes from `before` (absent: a new document) to `after`, one line each. */
export function policyChanges(before: Spec | undefined, after: Spec): string[] {
  const out: string[] = [];
  const zonesBefore = new Map((before?.zones ?? []).map((z) => [z.id, z]));
  const zonesAfter = new Map((after.zones ?? []).map((z) => [z.id, z]));
  for (const [id, z] of zonesAfter) {
    const was = zonesBefore.get(id);
    const policy = z.policy as Record<string, unknown>;
    if (!was) {
      const set = POLICY_FIELDS.filter(([k]) => policy[k] !== undefined).map(
        ([k, label]) => `${label}: ${show(policy[k])}`,
      );
      out.push(`zone "${z.name}" added${set.length ? ` (${set.join('; ')})` : ''}`);
      continue;
    }
    const old = was.policy as Record<string, unknown>;
    for (const [k, label] of POLICY_FIELDS)
      if (!same(old[k], policy[k])) out.push(`zone "${z.name}" ${label}: ${show(old[k])} → ${show(policy[k])}`);
  }
  for (const [id, z] of zonesBefore) if (!zonesAfter.has(id)) out.push(`zone "${z.name}" removed`);

  const conBefore = before?.connectors ?? {};
  for (const [alias, c] of Object.entries(after.connectors ?? {})) {
    const was = Object.hasOwn(conBefore, alias) ? conBefore[alias] : undefined;
    if (!same(was?.risk, c.risk) && (was || c.risk !== undefined))
      out.push(`connector "${alias}" risk: ${was ? show(was.risk) : '(new)'} → ${show(c.risk)}`);
  }
  for (const alias of Object.keys(conBefore))
    if (!Object.hasOwn(after.connectors ?? {}, alias)) out.push(`connector "${alias}" removed`);

  const nodesBefore = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  for (const n of after.nodes ?? []) {
    const was = nodesBefore.get(n.id);
    const risk = (n.config as { risk?: unknown } | undefined)?.risk;
    const oldRisk = (was?.config as { risk?: unknown } | undefined)?.risk;
    if (!same(oldRisk, risk) && (was || risk !== undefined))
      out.push(`step "${n.name}" risk: ${was ? show(oldRisk) : '(new)'} → ${show(risk)}`);
    if (was && !same(was.zone, n.zone)) {
      const name = (id: string | undefined) =>
        id === undefined ? '(none)' : ((zonesAfter.get(id) ?? zonesBefore.get(id))?.name ?? id);
      out.push(`step "${n.name}" zone: ${name(was.zone)} → ${name(n.zone)}`);
    }
  }
  return out;
}
