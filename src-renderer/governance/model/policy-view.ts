/**
 * What the policy view paints: for every node, a tone from what it may do unattended
 * (shared/policy.ts decides; nothing here re-implements a rule), plus the texts shown on
 * hover. Pure and cached per spec object, so 1,000 nodes reading their own entry cost one
 * `policyReport` per edit, not one per node.
 */
import { nodeCatalog } from '../../catalog/catalog';
import { policyReport, type EffectivePolicy, type PolicyDecision } from '../../../shared/policy';
import type { RiskClass, WorkflowSpec } from '../../../shared/spec/schema';

/** `none`: a node that makes no tool or model call (start, transform, decision…): nothing to enforce. */
export type PolicyTone = 'allow' | 'approval' | 'forbid' | 'none';

export interface NodePolicyView {
  tone: PolicyTone;
  riskClass: RiskClass | null;
  /** The rule, as `waymark policy` prints it. */
  rule: string;
  zone: string | null;
}

export const TONE_LABEL: Record<PolicyTone, string> = {
  allow: 'Runs unattended',
  approval: 'Needs approval',
  forbid: 'Forbidden',
  none: 'No tool or model call',
};

export const TONES: readonly PolicyTone[] = ['allow', 'approval', 'forbid', 'none'];

export function toneOf(p: Pick<EffectivePolicy, 'call' | 'decision'>): PolicyTone {
  if (p.call === null) return 'none';
  const d: PolicyDecision = p.decision;
  return d;
}

export function policyViewOf(p: EffectivePolicy): NodePolicyView {
  return { tone: toneOf(p), riskClass: p.riskClass, rule: p.rule, zone: p.zone };
}

const cache = new WeakMap<WorkflowSpec, Map<string, NodePolicyView>>();

/**
 * Every node's view, keyed by id. A node the policy model cannot classify (a spec being
 * edited mid-way, e.g. a dangling zone id) shows as `none` with the reason rather than
 * breaking the canvas.
 */
export function policyViewMap(spec: WorkflowSpec): Map<string, NodePolicyView> {
  const hit = cache.get(spec);
  if (hit) return hit;
  const map = new Map<string, NodePolicyView>();
  try {
    for (const p of policyReport(spec, nodeCatalog())) map.set(p.nodeId, policyViewOf(p));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    for (const n of spec.nodes)
      map.set(n.id, { tone: 'none', riskClass: null, rule: `policy unavailable: ${why}`, zone: n.zone ?? null });
  }
  cache.set(spec, map);
  return map;
}

/**
 * One node's view as a string, for store selectors: a string compares by value, so a node
 * re-renders only when its own policy changes, not on every edit elsewhere.
 */
export function policyKey(spec: WorkflowSpec, nodeId: string): string {
  const v = policyViewMap(spec).get(nodeId);
  return v ? JSON.stringify(v) : '';
}

export function parsePolicyKey(key: string): NodePolicyView | undefined {
  return key ? (JSON.parse(key) as NodePolicyView) : undefined;
}

/** How many nodes have each tone (the legend's counts). */
export function toneCounts(spec: WorkflowSpec): Record<PolicyTone, number> {
  const counts: Record<PolicyTone, number> = { allow: 0, approval: 0, forbid: 0, none: 0 };
  for (const v of policyViewMap(spec).values()) counts[v.tone]++;
  return counts;
}

/** Short chip text per risk class (the full name is the chip's label and tooltip). */
export const RISK_SHORT: Record<RiskClass, string> = {
  read: 'read',
  draft: 'draft',
  write: 'write',
  financial: 'financial',
  'external-communication': 'external',
  destructive: 'destructive',
};

/** What each risk class means, for tooltips and the zone inspector. */
export const RISK_HELP: Record<RiskClass, string> = {
  read: 'Looks at data, changes nothing',
  draft: 'Produces text or data for a later step or a human',
  write: 'Changes data in a system of record',
  financial: 'Moves money',
  'external-communication': 'Reaches a person or system outside',
  destructive: 'Deletes, or cannot be undone',
};

export const RISK_LABEL: Record<RiskClass, string> = {
  read: 'Read',
  draft: 'Draft',
  write: 'Write',
  financial: 'Financial',
  'external-communication': 'External communication',
  destructive: 'Destructive',
};
