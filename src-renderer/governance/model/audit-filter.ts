/**
 * Filtering audit entries in the panel: by kind (exact, or a family like `policy.*`), by
 * actor, and by free text over the kind, actor and payload. Pure, so the panel filters a
 * run's few hundred entries instantly without asking the backend again.
 */
import type { AuditEntryView } from '../../../shared/api';

export interface AuditFilter {
  /** '' = all; `policy.*` = a family; otherwise an exact kind. */
  kind: string;
  /** '' = all. */
  actor: string;
  text: string;
}

export const NO_FILTER: AuditFilter = { kind: '', actor: '', text: '' };

export function familyOf(kind: string): string {
  const dot = kind.indexOf('.');
  return dot > 0 ? `${kind.slice(0, dot)}.*` : kind;
}

/** Kind options: each family with more than one kind present, then every kind, sorted. */
export function kindOptions(entries: readonly AuditEntryView[]): string[] {
  const kinds = [...new Set(entries.map((e) => e.kind))].sort();
  const families = [...new Set(kinds.map(familyOf))].filter(
    (f) => f.endsWith('.*') && kinds.filter((k) => familyOf(k) === f).length > 1,
  );
  // "policy.*" sorts just before "policy.checked": a family heads its kinds.
  const key = (k: string) => (k.endsWith('.*') ? k.slice(0, -2) : k);
  return [...families, ...kinds].sort((a, b) => key(a).localeCompare(key(b)));
}

export function actorOptions(entries: readonly AuditEntryView[]): string[] {
  return [...new Set(entries.map((e) => e.actor))].sort();
}

function payloadText(e: AuditEntryView): string {
  try {
    return JSON.stringify(e.payload) ?? '';
  } catch {
    return '';
  }
}

export function matches(e: AuditEntryView, f: AuditFilter): boolean {
  if (f.kind) {
    if (f.kind.endsWith('.*') ? familyOf(e.kind) !== f.kind : e.kind !== f.kind) return false;
  }
  if (f.actor && e.actor !== f.actor) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  return `${e.kind} ${e.actor} #${e.seq} ${payloadText(e)}`.toLowerCase().includes(q);
}

export function filterEntries(entries: readonly AuditEntryView[], f: AuditFilter): AuditEntryView[] {
  return entries.filter((e) => matches(e, f));
}

/**
 * A one-line summary of an entry's payload for the list row: the fields a reviewer scans
 * for (decision, rule, branch, status…), never the whole payload.
 */
export function entrySummary(e: AuditEntryView): string {
  const p = (e.payload && typeof e.payload === 'object' ? e.payload : {}) as Record<string, unknown>;
  const pick = (k: string) =>
    typeof p[k] === 'string' || typeof p[k] === 'number' || typeof p[k] === 'boolean' ? String(p[k]) : undefined;
  const parts = [
    pick('nodeId'),
    pick('decision'),
    pick('riskClass'),
    pick('branch'),
    pick('status'),
    pick('verdict'),
    pick('name') ?? pick('secret'),
    pick('limit'),
    pick('by'),
    pick('rule') ?? pick('rationale') ?? pick('reason'),
  ];
  return parts.filter((x): x is string => !!x).join(' · ');
}

/** Tone of an entry, for its dot: failures and refusals stand out in a long list. */
export function entryTone(e: AuditEntryView): 'bad' | 'warn' | 'ok' | 'plain' {
  const p = (e.payload && typeof e.payload === 'object' ? e.payload : {}) as Record<string, unknown>;
  if (e.kind.startsWith('budget.') || p.decision === 'forbid' || p.decision === 'rejected' || p.status === 'failed')
    return 'bad';
  if (p.decision === 'approval' || e.kind === 'approval.requested' || e.kind === 'approval.escalated') return 'warn';
  if (p.decision === 'allow' || p.decision === 'approved' || p.status === 'completed') return 'ok';
  return 'plain';
}
