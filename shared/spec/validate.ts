/**
 * Semantic validation of a schema-valid spec. Every check runs and every problem is
 * collected, so an author sees the whole list at once. Errors block running; warnings are
 * shown (problems panel, `waymark validate`) but do not.
 */
import { checkExpression, checkTemplate } from '../expr/jsonata-check';
import type { NodeCatalog } from '../nodes/catalog';
import { portKey } from '../nodes/types';
import { cyclicComponents, edgePortKey, reachable } from './graph';
import { checkJsonSchema } from './jsonschema';
import { fieldLabel, paramAt, stepNameById, valueAt } from './problem-names';
import { jsonPath, type Problem } from './problems';
import { policyProblems } from './validate-policy';
import type { WorkflowSpec } from './schema';
import { describeIssue, describeSchemaError, type ZodIssueLike } from './zod-text';

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
  const portsByNode = new Map<string, Set<string>>();
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
    const desc = catalog.get(node.type);
    if (!desc) {
      add({
        severity: 'error',
        code: 'node.unknown-type',
        path: at('type'),
        nodeId: node.id,
        message: `"${node.type}" is not a step type this version of Waymark knows.`,
        hint: `Use one of: ${catalog.types().join(', ')}.`,
      });
      return;
    }
    if (node.typeVersion > desc.version) {
      add({
        severity: 'error',
        code: 'node.future-version',
        path: at('typeVersion'),
        nodeId: node.id,
        message: `This step was made by a newer Waymark (version ${node.typeVersion} of "${desc.title}"; this one knows up to ${desc.version}).`,
        hint: 'Upgrade Waymark, or recreate the step in this version.',
      });
    }
    const parsed = desc.configSchema.safeParse(node.config);
    if (!parsed.success) {
      for (const issue of (parsed.error as { issues: ZodIssueLike[] }).issues) {
        const parts = ['nodes', i, 'config', ...(issue.path as Array<string | number>)];
        const param = paramAt(spec, parts, catalog);
        const { message, hint } = describeIssue(issue, {
          label: (issue.path.length && fieldLabel(spec, parts, catalog)) || 'This step',
          value: valueAt(spec, parts),
          ...(param ? { param } : {}),
          knownKeys: desc.params.map((p) => p.key),
        });
        add({ severity: 'error', code: 'node.config', path: jsonPath(parts), nodeId: node.id, message, hint });
      }
      badConfig.add(node.id);
      return;
    }
    const config = parsed.data as Record<string, unknown>;
    portsByNode.set(node.id, new Set(desc.ports(config).map(portKey)));

    for (const ex of desc.expressions(config)) {
      const msg = ex.kind === 'template' ? checkTemplate(ex.source) : checkExpression(ex.source);
      if (msg)
        add({
          severity: 'error',
          code: `node.${ex.kind}`,
          path: at('config', ...ex.path),
          nodeId: node.id,
          message:
            ex.kind === 'template' ? `Template error ${msg}` : msg.replace(/^JSONata syntax error/, 'Syntax error'),
          hint:
            ex.kind === 'template'
              ? 'Holes look like {{ input.orderId }} or {{ nodes.lookup.total }}.'
              : 'Check the expression: a missing bracket, quote or comma is common.',
        });
    }
    for (const key of ['outputSchema', 'responseSchema', 'requestSchema', 'payloadSchema', 'schema']) {
      if (config[key] !== undefined) {
        const msg = checkJsonSchema(config[key]);
        if (msg)
          add({
            severity: 'error',
            code: 'node.json-schema',
            path: at('config', key),
            nodeId: node.id,
            message: `This is not a valid JSON Schema: ${describeSchemaError(msg)}.`,
            hint: 'Correct the schema (its JSON view shows it in full).',
          });
      }
    }
    // A model alias (an llm node's model and injection classifier, a guardrail's classifier) names an LLM connector.
    const guard = node.type === 'llm' ? (config.guardrails as Record<string, unknown> | undefined) : undefined;
    const aliases: Array<[string[], unknown]> =
      node.type === 'llm'
        ? [[['model'], config.model]]
        : node.type === 'guardrail' && config.injectionClassifier !== undefined
          ? [[['injectionClassifier'], config.injectionClassifier]]
          : [];
    if (guard?.injectionClassifier !== undefined)
      aliases.push([['guardrails', 'injectionClassifier'], guard.injectionClassifier]);
    for (const [keys, value] of aliases) {
      const alias = String(value ?? '');
      const c = Object.hasOwn(connectors, alias) ? connectors[alias] : undefined;
      if (!c || c.kind !== 'llm')
        add({
          severity: 'error',
          code: 'node.unknown-model',
          path: at('config', ...keys),
          nodeId: node.id,
          message: !alias
            ? 'No model is chosen.'
            : c
              ? `Connector "${alias}" calls an HTTP API; it is not a model.`
              : `Model "${alias}" is not declared in this workflow.`,
          hint: 'Choose an LLM connector under Model, or add one under Connectors in the workflow settings.',
        });
    }
    if (node.type === 'tool') {
      const alias = String(config.connector ?? '');
      const c = Object.hasOwn(connectors, alias) ? connectors[alias] : undefined;
      if (!c || c.kind !== 'http')
        add({
          severity: 'error',
          code: 'node.unknown-connector',
          path: at('config', 'connector'),
          nodeId: node.id,
          message: !alias
            ? 'No connector is chosen.'
            : c
              ? `Connector "${alias}" is a model, not an HTTP API.`
              : `Connector "${alias}" is not declared in this workflow.`,
          hint: 'Choose an HTTP connector, or add one under Connectors in the workflow settings.',
        });
    }
    if (node.type === 'approval') {
      if (config.onTimeout && config.timeoutMs === undefined)
        add({
          severity: 'error',
          code: 'approval.timeout',
          path: at('config', 'timeoutMs'),
          nodeId: node.id,
          message: '"At timeout" is set, but there is no timeout.',
          hint: 'Set how long to wait, or clear "At timeout".',
        });
      if (config.onTimeout === 'escalate' && !(config.escalateTo as string[] | undefined)?.length)
        add({
          severity: 'error',
          code: 'approval.escalate',
          path: at('config', 'escalateTo'),
          nodeId: node.id,
          message: 'Escalating at timeout needs someone to escalate to.',
          hint: 'Add at least one name under "Escalate to".',
        });
      if (config.onTimeout === 'branch' && !config.timeoutBranch)
        add({
          severity: 'error',
          code: 'approval.branch',
          path: at('config', 'timeoutBranch'),
          nodeId: node.id,
          message: 'Taking a branch at timeout needs the branch name.',
          hint: 'Fill in "Timeout branch".',
        });
    }
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

  // Start / end structure.
  const starts = spec.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) {
    add({
      severity: 'error',
      code: 'graph.start',
      path: jsonPath(['nodes']),
      message: starts.length
        ? `The workflow has ${starts.length} start steps (${starts.map((s) => `"${s.name}"`).join(', ')}).`
        : 'The workflow has no start step.',
      hint: starts.length
        ? 'Keep one: a run begins at exactly one start step.'
        : 'Add a Start step from the palette and connect it to the first step.',
    });
  }
  if (!spec.nodes.some((n) => n.type === 'end'))
    add({
      severity: 'error',
      code: 'graph.end',
      path: jsonPath(['nodes']),
      message: 'The workflow has no end step, so no run could finish.',
      hint: 'Add an End step from the palette and connect the last steps to it.',
    });

  // Edges.
  const edgeIds = new Map<string, number>();
  const usedPorts = new Map<string, number>();
  const validEdges = spec.edges.filter((e, j) => {
    const at = (...rest: Array<string | number>) => jsonPath(['edges', j, ...rest]);
    let ok = true;
    if (edgeIds.has(e.id))
      add({
        severity: 'error',
        code: 'edge.duplicate-id',
        path: at('id'),
        edgeId: e.id,
        message: `Another edge already uses the id "${e.id}".`,
        hint: 'Give each edge its own id.',
      });
    edgeIds.set(e.id, j);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(e[end])) {
        add({
          severity: 'error',
          code: 'edge.dangling',
          path: at(end),
          edgeId: e.id,
          message: `This edge ${end === 'source' ? 'starts at' : 'leads to'} "${e[end]}", which is not a step in this workflow.`,
          hint: 'Reconnect it to an existing step, or delete it.',
        });
        ok = false;
      }
    }
    if (!ok) return false;
    if (e.kind === 'branch' && !e.branch) {
      add({
        severity: 'error',
        code: 'edge.branch-name',
        path: at('branch'),
        edgeId: e.id,
        message: 'This branch edge has no branch name.',
        hint: 'Name the branch it follows, or delete the edge.',
      });
      return false;
    }
    if (e.kind !== 'branch' && e.branch !== undefined) {
      add({
        severity: 'error',
        code: 'edge.branch-kind',
        path: at('branch'),
        edgeId: e.id,
        message: `Only branch edges have a branch name; this is ${e.kind === 'error' ? 'an error' : 'a next'} edge.`,
        hint: 'Remove the branch name, or make it a branch edge.',
      });
    }
    const target = spec.nodes[nodeIndex.get(e.target) as number];
    if (target && catalog.get(target.type)?.hasInput === false) {
      add({
        severity: 'error',
        code: 'edge.into-start',
        path: at('target'),
        edgeId: e.id,
        message: `${step(e.target)} is where runs begin, so no edge can lead into it.`,
        hint: 'Connect the edge to another step.',
      });
    }
    const ports = portsByNode.get(e.source);
    const key = edgePortKey(e);
    if (ports && !ports.has(key)) {
      const have = [...ports].map((p) => (p.startsWith('branch:') ? `"${p.slice(7)}"` : p)).join(', ') || 'none';
      add({
        severity: 'error',
        code: 'edge.port',
        path: at(e.kind === 'branch' ? 'branch' : 'kind'),
        edgeId: e.id,
        nodeId: e.source,
        message: `${step(e.source)} has no ${e.kind === 'branch' ? `branch "${e.branch}"` : `${e.kind} output`}.`,
        hint: `Its outputs are ${have}: reconnect the edge to one of them, or delete it.`,
      });
      return false;
    }
    const portId = `${e.source}/${key}`;
    if (usedPorts.has(portId)) {
      add({
        severity: 'error',
        code: 'edge.duplicate',
        path: at(),
        edgeId: e.id,
        nodeId: e.source,
        message: `The ${key.startsWith('branch:') ? `"${key.slice(7)}" branch` : `${key} output`} of ${step(e.source)} already leads to ${step(spec.edges[usedPorts.get(portId) as number]?.target ?? '')}.`,
        hint: 'An output leads to one step only: delete one of the two edges.',
      });
      return false;
    }
    usedPorts.set(portId, j);
    return true;
  });

  // Dead ends, unconnected branches, missing error paths.
  spec.nodes.forEach((node, i) => {
    const desc = catalog.get(node.type);
    const ports = portsByNode.get(node.id);
    if (!desc || !ports) return;
    const connected = (k: string) => usedPorts.has(`${node.id}/${k}`);
    const normal = [...ports].filter((k) => k !== 'error');
    if (normal.length && !normal.some(connected)) {
      add({
        severity: 'error',
        code: 'graph.dead-end',
        path: jsonPath(['nodes', i]),
        nodeId: node.id,
        message: 'Nothing follows this step, so a run would stop here.',
        hint: 'Connect its output to the next step or to an End step.',
      });
    } else {
      for (const k of normal)
        if (!connected(k))
          add({
            severity: 'warning',
            code: 'graph.open-port',
            path: jsonPath(['nodes', i]),
            nodeId: node.id,
            message: `The ${k.startsWith('branch:') ? `"${k.slice(7)}" branch` : 'next output'} is not connected; a run that takes it fails.`,
            hint: 'Connect it to the step that should follow.',
          });
    }
    if (desc.sideEffect && ports.has('error') && !connected('error')) {
      add({
        severity: 'warning',
        code: 'graph.no-error-path',
        path: jsonPath(['nodes', i]),
        nodeId: node.id,
        message: 'This step calls the outside world but has no error path, so one failure fails the whole run.',
        hint: 'Connect its error output to a fallback step or to a human approval.',
      });
    }
  });

  // Reachability from start.
  const start = starts[0];
  if (start) {
    const seen = reachable(start.id, validEdges);
    spec.nodes.forEach((n, i) => {
      if (!seen.has(n.id))
        add({
          severity: 'warning',
          code: 'graph.unreachable',
          path: jsonPath(['nodes', i]),
          nodeId: n.id,
          message: 'No path from the start reaches this step.',
          hint: 'Connect an earlier step to it, or delete it.',
        });
    });
  }

  // Every cycle needs a bound on at least one of its edges.
  for (const comp of cyclicComponents([...nodeIndex.keys()], validEdges)) {
    const inComp = new Set(comp);
    const bounded = validEdges.some(
      (e) => inComp.has(e.source) && inComp.has(e.target) && e.maxTraversals !== undefined,
    );
    if (!bounded) {
      const first = comp[0] as string;
      add({
        severity: 'error',
        code: 'graph.unbounded-cycle',
        path: jsonPath(['nodes', nodeIndex.get(first) as number]),
        nodeId: first,
        message: `The loop ${[...comp, first].map(step).join(' → ')} has no limit, so a run could go round forever.`,
        hint: 'Set "Max traversals" on the edge that loops back.',
      });
    }
  }
  // Governance: approval rules, and where runs will need a human or have no limit.
  for (const p of policyProblems(spec)) if (!(p.nodeId && badConfig.has(p.nodeId))) add(p);
  return problems;
}
