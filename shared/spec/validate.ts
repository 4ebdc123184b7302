/**
 * Semantic validation of a schema-valid spec. Every check runs and every problem is
 * collected, so an author sees the whole list at once. Errors block running; warnings are
 * shown (problems panel, `waymark validate`) but do not. Node knowledge comes from the
 * catalog's descriptions (validate-nodes.ts), graph rules from validate-graph.ts, governance
 * from validate-policy.ts; this module checks zones, connectors and secrets and runs them all.
 */
import type { NodeCatalog } from '../nodes/catalog';
import { checkJsonSchema } from './jsonschema';
import { stepNameById } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';
import { describeSchemaError } from './zod-text';
import { checkGraph } from './validate-graph';
import { checkEdgePriors } from './validate-priors';
import { checkNode, type CheckedNode } from './validate-nodes';
import { policyProblems } from './validate-policy';
import { secretProblems } from './validate-secrets';
import { checkZoneGeometry } from './validate-zones';

const POLICY_LIST = { unattended: 'Runs unattended', approval: 'Needs approval', forbidden: 'Forbidden' } as const;

export function validateSemantics(spec: WorkflowSpec, catalog: NodeCatalog): Problem[] {
  const problems: Problem[] = [];
  const add = (p: Problem) => problems.push(p);
  const nodeIndex = new Map<string, number>();
  const connectors = spec.connectors ?? {};
  const declaredSecrets = new Set(spec.secrets.map((s) => s.name));
  const zoneIds = new Set<string>();
  /** A step named as a person knows it, in quotes. */
  const step = (id: string) => `"${stepNameById(spec, id)}"`;

  spec.zones.forEach((z, i) => {
    if (zoneIds.has(z.id)) {
      add({
        severity: 'error',
        code: 'zone.duplicate-id',
        path: jsonPath(['zones', i, 'id']),
        message: `Another zone already uses the id "${z.id}".`,
        hint: 'Give each zone its own id.',
      });
    }
    zoneIds.add(z.id);
    const seen = new Map<string, string>();
    for (const list of ['unattended', 'approval', 'forbidden'] as const) {
      for (const r of z.policy[list]) {
        const prev = seen.get(r);
        if (prev) {
          add({
            severity: 'error',
            code: 'zone.policy-conflict',
            path: jsonPath(['zones', i, 'policy', list]),
            message: `Risk class "${r}" is listed under both "${POLICY_LIST[prev as keyof typeof POLICY_LIST]}" and "${POLICY_LIST[list]}".`,
            hint: 'Keep it in one of the two lists.',
          });
        }
        seen.set(r, list);
      }
    }
    for (const [j, c] of (z.policy.connectors ?? []).entries()) {
      if (!Object.hasOwn(connectors, c))
        add({
          severity: 'error',
          code: 'zone.unknown-connector',
          path: jsonPath(['zones', i, 'policy', 'connectors', j]),
          message: `Connector "${c}" is not declared in this workflow.`,
          hint: 'Add it under Connectors in the workflow settings, or remove it from the allowed connectors.',
        });
    }
  });

  for (const [alias, c] of Object.entries(connectors)) {
    const refs: Array<[Array<string | number>, string]> = [];
    if (c.kind === 'http')
      for (const [h, v] of Object.entries(c.headers ?? {}))
        if (typeof v === 'object') refs.push([['connectors', alias, 'headers', h, 'secret'], v.secret]);
    if (c.kind === 'llm' && c.apiKey) refs.push([['connectors', alias, 'apiKey', 'secret'], c.apiKey.secret]);
    for (const [path, name] of refs) {
      if (!declaredSecrets.has(name)) {
        add({
          severity: 'error',
          code: 'secret.undeclared',
          path: jsonPath(path),
          message: `Secret "${name}" is used but not declared.`,
          hint: `Add "${name}" under Secrets in the workflow settings.`,
        });
      }
    }
  }

  // Nodes: ids, types, configs, references, expressions.
  const checked = new Map<string, CheckedNode>();
  /** Steps whose settings do not parse: governance checks of them would only add noise. */
  const badConfig = new Set<string>();
  spec.nodes.forEach((node, i) => {
    const at = (...rest: Array<string | number>) => jsonPath(['nodes', i, ...rest]);
    if (nodeIndex.has(node.id)) {
      add({
        severity: 'error',
        code: 'node.duplicate-id',
        path: at('id'),
        nodeId: node.id,
        message: `Step ${step(node.id)} already uses the id "${node.id}".`,
        hint: 'Rename the id of one of the two steps.',
      });
    } else nodeIndex.set(node.id, i);

    if (node.zone !== undefined && !zoneIds.has(node.zone)) {
      add({
        severity: 'error',
        code: 'node.unknown-zone',
        path: at('zone'),
        nodeId: node.id,
        message: `Zone "${node.zone}" does not exist in this workflow.`,
        hint: 'Choose an existing zone under Autonomy zone, or create the zone.',
      });
    }
    const c = checkNode(spec, catalog, node, i, add);
    if (c) checked.set(node.id, c);
    else badConfig.add(node.id);
  });

  for (const key of ['input', 'output'] as const) {
    if (spec[key] !== undefined) {
      const msg = checkJsonSchema(spec[key]);
      if (msg)
        add({
          severity: 'error',
          code: 'spec.json-schema',
          path: jsonPath([key]),
          message: `This is not a valid JSON Schema: ${describeSchemaError(msg)}.`,
          hint: 'Correct the schema (its JSON view shows it in full).',
        });
    }
  }

  checkGraph(spec, catalog, nodeIndex, checked, add);
  checkEdgePriors(spec, add);
  checkZoneGeometry(spec, add);

  // Governance: approval rules, and where runs will need a human or have no limit.
  for (const p of policyProblems(spec, catalog)) if (!(p.nodeId && badConfig.has(p.nodeId))) add(p);
  for (const p of secretProblems(spec)) add(p);
  return problems;
}
