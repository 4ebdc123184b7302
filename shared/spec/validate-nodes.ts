/**
 * Per-node checks of the validator, all read from the node type's description: the type
 * exists in the catalog, its version is supported, its config parses, its expressions and
 * JSON Schemas compile, the connectors its declared calls name exist and are of the right
 * kind, and whatever its own validation hook reports.
 */
import { checkExpression, checkTemplate } from '../expr/jsonata-check';
import type { NodeCatalog } from '../nodes/catalog';
import { expressionsOf, schemaParams } from '../nodes/derive';
import { portsOf } from '../nodes/ports';
import { portKey, type CallKind, type NodeDescription } from '../nodes/types';
import { checkJsonSchema } from './jsonschema';
import { fieldLabel, paramAt, valueAt } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { SpecNode, WorkflowSpec } from './schema';
import { describeIssue, describeSchemaError, type ZodIssueLike } from './zod-text';

/** What the graph checks need from a node that passed its own checks. */
export interface CheckedNode {
  desc: NodeDescription;
  /** Port keys (`next`, `error`, `branch:<name>`). */
  ports: Set<string>;
}

/** How a declared call's connector is reported when it is missing, undeclared or of another kind. */
const CONNECTOR_PROBLEM: Record<
  CallKind,
  { code: string; none: string; other: (alias: string) => string; undeclared: (alias: string) => string; hint: string }
> = {
  llm: {
    code: 'node.unknown-model',
    none: 'No model is chosen.',
    other: (alias) => `Connector "${alias}" calls an HTTP API; it is not a model.`,
    undeclared: (alias) => `Model "${alias}" is not declared in this workflow.`,
    hint: 'Choose an LLM connector under Model, or add one under Connectors in the workflow settings.',
  },
  http: {
    code: 'node.unknown-connector',
    none: 'No connector is chosen.',
    other: (alias) => `Connector "${alias}" is a model, not an HTTP API.`,
    undeclared: (alias) => `Connector "${alias}" is not declared in this workflow.`,
    hint: 'Choose an HTTP connector, or add one under Connectors in the workflow settings.',
  },
};

/**
 * Checks node `i`; returns its description and ports when its config parsed (the graph
 * checks skip nodes that did not).
 */
export function checkNode(
  spec: WorkflowSpec,
  catalog: NodeCatalog,
  node: SpecNode,
  i: number,
  add: (p: Problem) => void,
): CheckedNode | undefined {
  const at = (...rest: Array<string | number>) => jsonPath(['nodes', i, ...rest]);
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
    return undefined;
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
    return undefined;
  }
  const config = parsed.data as Record<string, unknown>;

  for (const ex of expressionsOf(desc, config)) {
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
  for (const key of schemaParams(desc.params)) {
    if (config[key] === undefined) continue;
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
  const connectors = spec.connectors ?? {};
  for (const call of desc.calls ?? []) {
    const named = config[call.connectorParam];
    // An optional call (a guardrail's injection classifier) is made only when its connector is named.
    if (call.optional && (named === undefined || named === null || named === '')) continue;
    const alias = String(named ?? '');
    const c = Object.hasOwn(connectors, alias) ? connectors[alias] : undefined;
    if (c?.kind === call.kind) continue;
    const p = CONNECTOR_PROBLEM[call.kind];
    add({
      severity: 'error',
      code: p.code,
      path: at('config', call.connectorParam),
      nodeId: node.id,
      message: !alias ? p.none : c ? p.other(alias) : p.undeclared(alias),
      hint: p.hint,
    });
  }
  for (const issue of desc.validate?.(config, { spec, node }) ?? []) {
    add({
      severity: issue.severity,
      code: issue.code,
      path: at('config', ...issue.path),
      nodeId: node.id,
      message: issue.message,
      hint: issue.hint,
    });
  }
  return { desc, ports: new Set(portsOf(desc, config).map(portKey)) };
}
