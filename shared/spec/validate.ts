/**
 * Semantic validation of a schema-valid spec. Every check runs and every problem is
 * collected, so an author sees the whole list at once. Errors block running; warnings are
 * shown (problems panel, `waymark validate`) but do not.
 */
import { checkExpression, checkTemplate } from '../expr/jsonata-check';
import type { NodeCatalog } from '../nodes/catalog';
import { describePort, portKey } from '../nodes/types';
import { cyclicComponents, edgePortKey, reachable } from './graph';
import { checkJsonSchema } from './jsonschema';
import { jsonPath, type Problem } from './problems';
import { policyProblems } from './validate-policy';
import type { WorkflowSpec } from './schema';

type ZodLikeIssue = { path: ReadonlyArray<PropertyKey>; message: string };

export function validateSemantics(spec: WorkflowSpec, catalog: NodeCatalog): Problem[] {
  const problems: Problem[] = [];
  const add = (p: Problem) => problems.push(p);
  const nodeIndex = new Map<string, number>();
  const connectors = spec.connectors ?? {};
  const declaredSecrets = new Set(spec.secrets.map((s) => s.name));
  const zoneIds = new Set<string>();

  spec.zones.forEach((z, i) => {
    if (zoneIds.has(z.id)) {
      add({
        severity: 'error',
        code: 'zone.duplicate-id',
        path: jsonPath(['zones', i, 'id']),
        message: `zone id "${z.id}" is used twice`,
        hint: 'give every zone a unique id',
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
            message: `risk class "${r}" is listed in both "${prev}" and "${list}"`,
            hint: 'list each risk class once',
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
          message: `connector "${c}" is not declared`,
          hint: `declare it under "connectors" or remove it`,
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
          message: `secret "${name}" is not declared`,
          hint: `add { "name": "${name}" } to "secrets"`,
        });
      }
    }
  }

  // Nodes: ids, types, configs, references, expressions.
  const portsByNode = new Map<string, Set<string>>();
  spec.nodes.forEach((node, i) => {
    const at = (...rest: Array<string | number>) => jsonPath(['nodes', i, ...rest]);
    if (nodeIndex.has(node.id)) {
      add({
        severity: 'error',
        code: 'node.duplicate-id',
        path: at('id'),
        nodeId: node.id,
        message: `node id "${node.id}" is already used by $.nodes[${nodeIndex.get(node.id)}]`,
        hint: 'give every node a unique id',
      });
    } else nodeIndex.set(node.id, i);

    if (node.zone !== undefined && !zoneIds.has(node.zone)) {
      add({
        severity: 'error',
        code: 'node.unknown-zone',
        path: at('zone'),
        nodeId: node.id,
        message: `zone "${node.zone}" is not declared`,
        hint: 'declare the zone under "zones" or remove the reference',
      });
    }
    const desc = catalog.get(node.type);
    if (!desc) {
      add({
        severity: 'error',
        code: 'node.unknown-type',
        path: at('type'),
        nodeId: node.id,
        message: `unknown node type "${node.type}"`,
        hint: `use one of: ${catalog.types().join(', ')}`,
      });
      return;
    }
    if (node.typeVersion > desc.version) {
      add({
        severity: 'error',
        code: 'node.future-version',
        path: at('typeVersion'),
        nodeId: node.id,
        message: `typeVersion ${node.typeVersion} of "${node.type}" is newer than this Waymark supports (${desc.version})`,
        hint: 'upgrade Waymark or lower typeVersion',
      });
    }
    const parsed = desc.configSchema.safeParse(node.config);
    if (!parsed.success) {
      for (const issue of (parsed.error as { issues: ZodLikeIssue[] }).issues) {
        add({
          severity: 'error',
          code: 'node.config',
          path: at('config', ...(issue.path as Array<string | number>)),
          nodeId: node.id,
          message: issue.message,
          hint: `see the "${node.type}" node reference in docs/nodes.md`,
        });
      }
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
          message: msg,
          hint: ex.kind === 'template' ? 'holes look like {{ input.field }}' : 'check the JSONata syntax',
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
            message: msg,
            hint: 'fix the schema so it compiles',
          });
      }
    }
    // A model alias (an llm node's model, a guardrail's injection classifier) names an LLM connector.
    const modelKey = node.type === 'llm' ? 'model' : node.type === 'guardrail' ? 'injectionClassifier' : undefined;
    if (modelKey && (node.type === 'llm' || config[modelKey] !== undefined)) {
      const alias = String(config[modelKey] ?? '');
      const c = Object.hasOwn(connectors, alias) ? connectors[alias] : undefined;
      if (!c || c.kind !== 'llm')
        add({
          severity: 'error',
          code: 'node.unknown-model',
          path: at('config', modelKey),
          nodeId: node.id,
          message: c ? `connector "${alias}" is not an LLM connector` : `model alias "${alias}" is not declared`,
          hint: 'declare an LLM connector under "connectors" and use its alias',
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
          message: c ? `connector "${alias}" is not an HTTP connector` : `connector "${alias}" is not declared`,
          hint: 'declare an HTTP connector under "connectors" and use its alias',
        });
    }
    if (node.type === 'approval') {
      if (config.onTimeout && config.timeoutMs === undefined)
        add({
          severity: 'error',
          code: 'approval.timeout',
          path: at('config', 'timeoutMs'),
          nodeId: node.id,
          message: `"onTimeout" is set but "timeoutMs" is not`,
          hint: 'set how long to wait',
        });
      if (config.onTimeout === 'escalate' && !(config.escalateTo as string[] | undefined)?.length)
        add({
          severity: 'error',
          code: 'approval.escalate',
          path: at('config', 'escalateTo'),
          nodeId: node.id,
          message: 'escalation needs at least one assignee in "escalateTo"',
          hint: 'name who to escalate to',
        });
      if (config.onTimeout === 'branch' && !config.timeoutBranch)
        add({
          severity: 'error',
          code: 'approval.branch',
          path: at('config', 'timeoutBranch'),
          nodeId: node.id,
          message: '"onTimeout": "branch" needs "timeoutBranch"',
          hint: 'name the branch to take at timeout',
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
          message: msg,
          hint: 'fix the schema so it compiles',
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
        ? `there are ${starts.length} start nodes (${starts.map((s) => s.id).join(', ')})`
        : 'there is no start node',
      hint: 'a workflow has exactly one start node',
    });
  }
  if (!spec.nodes.some((n) => n.type === 'end'))
    add({
      severity: 'error',
      code: 'graph.end',
      path: jsonPath(['nodes']),
      message: 'there is no end node',
      hint: 'add an end node so runs can finish',
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
        message: `edge id "${e.id}" is already used by $.edges[${edgeIds.get(e.id)}]`,
        hint: 'give every edge a unique id',
      });
    edgeIds.set(e.id, j);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(e[end])) {
        add({
          severity: 'error',
          code: 'edge.dangling',
          path: at(end),
          edgeId: e.id,
          message: `${end} "${e[end]}" is not a node in this workflow`,
          hint: 'point the edge at an existing node id or delete it',
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
        message: 'a branch edge needs a "branch" name',
        hint: 'name the branch this edge follows',
      });
      return false;
    }
    if (e.kind !== 'branch' && e.branch !== undefined) {
      add({
        severity: 'error',
        code: 'edge.branch-kind',
        path: at('branch'),
        edgeId: e.id,
        message: `"branch" is only allowed on edges of kind "branch" (this one is "${e.kind}")`,
        hint: 'set kind to "branch" or drop "branch"',
      });
    }
    const target = spec.nodes[nodeIndex.get(e.target) as number];
    if (target && catalog.get(target.type)?.hasInput === false) {
      add({
        severity: 'error',
        code: 'edge.into-start',
        path: at('target'),
        edgeId: e.id,
        message: `"${e.target}" is a ${target.type} node and cannot have incoming edges`,
        hint: 'connect the edge to another node',
      });
    }
    const ports = portsByNode.get(e.source);
    const key = edgePortKey(e);
    if (ports && !ports.has(key)) {
      const source = spec.nodes[nodeIndex.get(e.source) as number];
      const have =
        [...ports].map((p) => p.replace('branch:', 'branch "') + (p.startsWith('branch:') ? '"' : '')).join(', ') ||
        'none';
      add({
        severity: 'error',
        code: 'edge.port',
        path: at(e.kind === 'branch' ? 'branch' : 'kind'),
        edgeId: e.id,
        nodeId: e.source,
        message: `node "${e.source}" (${source?.type}) has no ${e.kind === 'branch' ? `branch "${e.branch}"` : `"${e.kind}" port`}`,
        hint: `its ports are: ${have}`,
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
        message: `port ${key.replace('branch:', 'branch ')} of node "${e.source}" already has an edge ($.edges[${usedPorts.get(portId)}])`,
        hint: 'each port leads to exactly one node; delete one of the edges',
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
        message: `node "${node.id}" has no outgoing edge, so a run would stop here`,
        hint: 'connect it to the next step or to an end node',
      });
    } else {
      for (const k of normal)
        if (!connected(k))
          add({
            severity: 'warning',
            code: 'graph.open-port',
            path: jsonPath(['nodes', i]),
            nodeId: node.id,
            message: `${describePort(k.startsWith('branch:') ? { kind: 'branch', name: k.slice(7) } : { kind: 'next' })} of "${node.id}" is not connected; a run taking it fails`,
            hint: 'connect it',
          });
    }
    if (desc.sideEffect && ports.has('error') && !connected('error')) {
      add({
        severity: 'warning',
        code: 'graph.no-error-path',
        path: jsonPath(['nodes', i]),
        nodeId: node.id,
        message: `"${node.id}" calls the outside world but has no error edge; a failure fails the whole run`,
        hint: 'connect its error port to a fallback or a human',
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
          message: `node "${n.id}" cannot be reached from start`,
          hint: 'connect it or delete it',
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
        message: `cycle ${[...comp, first].join(' → ')} has no bound`,
        hint: 'set "maxTraversals" on one of its edges (the loop-back edge)',
      });
    }
  }
  // Governance: approval rules, and where runs will need a human or have no limit.
  for (const p of policyProblems(spec)) add(p);
  return problems;
}
