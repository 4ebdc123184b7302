/**
 * Governance checks of the validator: mistakes in approval rules (errors) and places where
 * a run will need a human or has no limit (warnings), so an author sees them while drawing
 * rather than when a run parks or overspends.
 */
import { effectivePolicy } from '../policy';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';

/** Governance problems of a schema-valid spec; see the module comment. */
export function policyProblems(spec: WorkflowSpec): Problem[] {
  const out: Problem[] = [];
  spec.zones.forEach((z, i) => {
    const at = (...rest: Array<string | number>) => jsonPath(['zones', i, ...rest]);
    const rule = z.policy.approvals;
    if (rule?.onTimeout && rule.timeoutMs === undefined) {
      out.push({
        severity: 'error',
        code: 'zone.approval-timeout',
        path: at('policy', 'approvals', 'timeoutMs'),
        message: `"onTimeout" is set but "timeoutMs" is not`,
        hint: 'set how long an approval may wait',
      });
    }
    if (rule?.onTimeout === 'escalate' && !rule.escalateTo?.length) {
      out.push({
        severity: 'error',
        code: 'zone.approval-escalate',
        path: at('policy', 'approvals', 'escalateTo'),
        message: 'escalation needs at least one assignee in "escalateTo"',
        hint: 'name who to escalate to',
      });
    }
    const budget = z.policy.budget;
    if (!budget || Object.values(budget).every((v) => v === undefined)) {
      out.push({
        severity: 'warning',
        code: 'zone.no-budget',
        path: at('policy'),
        message: `zone "${z.id}" has no budget: runs may spend without limit there`,
        hint: 'set policy.budget (maxCostUsd, maxTokens, maxLlmCalls, maxSteps, maxWallTimeMs)',
      });
    }
  });
  const seen = new Set<string>();
  spec.nodes.forEach((node, i) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    const at = jsonPath(['nodes', i]);
    if (node.type === 'approval' && (node.config as { timeoutMs?: unknown }).timeoutMs === undefined) {
      out.push({
        severity: 'warning',
        code: 'approval.no-timeout',
        path: jsonPath(['nodes', i, 'config', 'timeoutMs']),
        nodeId: node.id,
        message: `approval "${node.id}" has no timeout: a run can wait for it forever`,
        hint: 'set timeoutMs and onTimeout (reject, escalate or branch)',
      });
    }
    if (node.type !== 'tool' && node.type !== 'llm') return;
    const p = effectivePolicy(spec, node.id);
    if (p.decision === 'approval' && p.zone === null) {
      out.push({
        severity: 'warning',
        code: 'policy.needs-approval',
        path: at,
        nodeId: node.id,
        message: `"${node.id}" (risk "${p.riskClass}") is outside every zone, so each of its calls needs an approval at run time`,
        hint: `put it in a zone that lets "${p.riskClass}" run unattended, or expect a human to approve it`,
      });
    } else if (p.decision === 'approval' && !spec.zones.find((z) => z.id === p.zone)?.policy.approvals?.timeoutMs) {
      out.push({
        severity: 'warning',
        code: 'policy.approval-no-timeout',
        path: at,
        nodeId: node.id,
        message: `"${node.id}" needs an approval in zone "${p.zone}", whose approvals have no timeout`,
        hint: `set policy.approvals.timeoutMs on zone "${p.zone}"`,
      });
    } else if (p.decision === 'forbid') {
      out.push({
        severity: 'warning',
        code: 'policy.forbidden',
        path: at,
        nodeId: node.id,
        message: `"${node.id}" may never make its call: ${p.rule}`,
        hint: 'a run reaching it fails or takes its error edge; move it or change the zone policy',
      });
    }
  });
  return out;
}
