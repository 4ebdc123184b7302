/**
 * Governance checks of the validator: mistakes in zone approval rules (errors) and places
 * where a run will need a human or has no limit (warnings), so an author sees them while
 * drawing rather than when a run parks or overspends. (A node type's own governance rules,
 * like an approval without a timeout, come from its description's validation hook.)
 */
import type { NodeCatalog } from '../nodes/catalog';
import { callsOf, effectivePolicy, methodDoes, type EffectivePolicy } from '../policy';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';

/** Governance problems of a schema-valid spec; see the module comment. */
export function policyProblems(spec: WorkflowSpec, catalog: NodeCatalog): Problem[] {
  const out: Problem[] = [];
  const zoneName = (id: string | null) => spec.zones.find((z) => z.id === id)?.name ?? id ?? '';
  spec.zones.forEach((z, i) => {
    const at = (...rest: Array<string | number>) => jsonPath(['zones', i, ...rest]);
    const rule = z.policy.approvals;
    if (rule?.onTimeout && rule.timeoutMs === undefined) {
      out.push({
        severity: 'error',
        code: 'zone.approval-timeout',
        path: at('policy', 'approvals', 'timeoutMs'),
        message: `"At timeout" is set for this zone's approvals, but there is no timeout.`,
        hint: 'Set how long an approval may wait, or clear "At timeout".',
      });
    }
    if (rule?.onTimeout === 'escalate' && !rule.escalateTo?.length) {
      out.push({
        severity: 'error',
        code: 'zone.approval-escalate',
        path: at('policy', 'approvals', 'escalateTo'),
        message: 'Escalating at timeout needs someone to escalate to.',
        hint: 'Add at least one name under "Escalate to" in the zone policy.',
      });
    }
    const budget = z.policy.budget;
    if (!budget || Object.values(budget).every((v) => v === undefined)) {
      out.push({
        severity: 'warning',
        code: 'zone.no-budget',
        path: at('policy'),
        message: 'This zone has no budget, so a run may spend without limit in it.',
        hint: 'Set a budget in the zone policy: cost, tokens, LLM calls, steps or wall time.',
      });
    }
  });
  const seen = new Set<string>();
  spec.nodes.forEach((node, i) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    const at = jsonPath(['nodes', i]);
    // Only nodes whose type declares calls have anything to enforce.
    if (!callsOf(catalog, node).length) return;
    const p = effectivePolicy(spec, catalog, node.id);
    if (p.belowFloor) out.push(belowFloorWarning(node, i, p, p.belowFloor));
    if (p.decision === 'approval' && p.zone === null) {
      out.push({
        severity: 'warning',
        code: 'policy.needs-approval',
        path: at,
        nodeId: node.id,
        message: `This step's calls (risk "${p.riskClass}") are outside every zone, so each one waits for a human approval at run time.`,
        hint: `Put it in a zone that lets "${p.riskClass}" run unattended, or expect to approve each call.`,
      });
    } else if (p.decision === 'approval' && !spec.zones.find((z) => z.id === p.zone)?.policy.approvals?.timeoutMs) {
      out.push({
        severity: 'warning',
        code: 'policy.approval-no-timeout',
        path: at,
        nodeId: node.id,
        message: `This step's calls need an approval in zone "${zoneName(p.zone)}", whose approvals have no timeout.`,
        hint: `Set an approval timeout in the policy of zone "${zoneName(p.zone)}".`,
      });
    } else if (p.decision === 'forbid') {
      out.push({
        severity: 'warning',
        code: 'policy.forbidden',
        path: at,
        nodeId: node.id,
        message: `This step may never make its call: ${p.rule
          .replace(/zone "([^"]+)"/g, (_m, id: string) => `zone "${zoneName(id)}"`)
          .replace(/\bthe node\b/g, 'the step')}.`,
        hint: 'A run reaching it fails or takes its error path: move the step, or change the zone policy.',
      });
    }
  });
  return out;
}

/**
 * A declared risk class below what the call's method does: the engine enforces the method's
 * floor, and the author should see that the declaration is not what applies.
 */
export function belowFloorWarning(
  node: { id: string; name: string },
  index: number,
  p: EffectivePolicy,
  below: NonNullable<EffectivePolicy['belowFloor']>,
): Problem {
  const where = below.source === 'node' ? 'the step itself' : `connector "${p.connector}"`;
  return {
    severity: 'warning',
    code: 'policy.risk-below-method',
    path:
      below.source === 'node' || p.connector === undefined
        ? jsonPath(['nodes', index, 'config', 'risk'])
        : jsonPath(['connectors', p.connector, 'risk']),
    nodeId: node.id,
    message: `step "${node.name}" (${node.id}) sends ${below.method}, which ${methodDoes(below.method)}, but ${where} declares risk "${below.declared}": it counts as "${below.floor}"`,
    hint: `declare risk "${below.floor}" or stricter ${below.source === 'node' ? 'on the step' : 'on the step or the connector'}, so the policy you read is the one enforced`,
  };
}
