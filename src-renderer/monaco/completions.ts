/**
 * What an expression or template may refer to at a given node: `input.*` from the
 * workflow's input schema, `prev`, and `nodes.<id>` (with known output fields) for every
 * node upstream of it. Pure, so it is unit-tested without Monaco.
 */
import type { WorkflowSpec } from '../../shared/spec/schema';

export interface Candidate {
  label: string;
  detail: string;
  kind: 'variable' | 'field' | 'node';
}

function schemaProps(schema: unknown): Array<[string, Record<string, unknown>]> {
  if (!schema || typeof schema !== 'object') return [];
  const props = (schema as { properties?: unknown }).properties;
  if (!props || typeof props !== 'object') return [];
  return Object.entries(props as Record<string, unknown>).filter(
    (e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object',
  );
}

function describeType(s: Record<string, unknown>): string {
  return typeof s.type === 'string' ? s.type : Array.isArray(s.type) ? s.type.join(' | ') : 'value';
}

/** Node ids from which `nodeId` can be reached (its possible predecessors in a run). */
export function upstreamOf(spec: WorkflowSpec, nodeId: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const e of spec.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const stack = [...(incoming.get(nodeId) ?? [])];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id) || id === nodeId) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  return spec.nodes.filter((n) => seen.has(n.id)).map((n) => n.id);
}

export function completionCandidates(spec: WorkflowSpec, nodeId: string | undefined): Candidate[] {
  const out: Candidate[] = [
    { label: 'input', detail: 'the run input', kind: 'variable' },
    { label: 'prev', detail: 'output of the previous step', kind: 'variable' },
    { label: 'nodes', detail: 'outputs of earlier steps by id', kind: 'variable' },
  ];
  const addFields = (prefix: string, schema: unknown, depth: number) => {
    for (const [k, s] of schemaProps(schema)) {
      out.push({ label: `${prefix}.${k}`, detail: describeType(s), kind: 'field' });
      if (depth > 0) addFields(`${prefix}.${k}`, s, depth - 1);
    }
  };
  addFields('input', spec.input, 2);
  const upstream = nodeId ? upstreamOf(spec, nodeId) : spec.nodes.map((n) => n.id);
  for (const id of upstream) {
    const n = spec.nodes.find((x) => x.id === id);
    if (!n) continue;
    out.push({ label: `nodes.${id}`, detail: `${n.name} (${n.type})`, kind: 'node' });
    const schema = n.config.outputSchema ?? n.config.responseSchema;
    addFields(`nodes.${id}`, schema, 1);
  }
  return out;
}

/** The dotted path being typed just before the cursor, e.g. "nodes.loo". */
export function pathBeforeCursor(lineBefore: string): string {
  return /[A-Za-z_$][\w$.-]*$/.exec(lineBefore)?.[0] ?? '';
}

/** Whether the cursor is inside an open `{{ … }}` hole of a template. */
export function insideTemplateHole(textBefore: string): boolean {
  return textBefore.lastIndexOf('{{') > textBefore.lastIndexOf('}}');
}
