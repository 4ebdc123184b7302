/**
 * What an expression or template at a step can refer to, as the variable picker lists it:
 * the run input (from the input schema), the previous step, and every step that can run
 * before this one with the fields of its output — from its declared output schema, else
 * its pinned output, else what its type returns. Pure: unit-tested.
 */
import type { SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import { upstreamOf } from '../monaco/completions';

export interface Variable {
  /** What is inserted: a JSONata path, e.g. `nodes.classify.category`. */
  path: string;
  /** The last segment, shown indented by depth. */
  label: string;
  /** Its type, or where it comes from. */
  detail: string;
  depth: number;
}

export interface VariableGroup {
  title: string;
  /** Where the fields were learned from: a schema, a pinned output, or the type. */
  source: string;
  items: Variable[];
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const typeName = (s: Record<string, unknown>) =>
  typeof s.type === 'string' ? s.type : Array.isArray(s.type) ? s.type.join(' | ') : 'value';

/** A JSONata path step: plain names as `.name`, anything else back-quoted. */
const step = (base: string, key: string) =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}.\`${key}\``;

function fromSchema(base: string, schema: unknown, depth: number, out: Variable[], max = 3): void {
  if (!isObj(schema) || !isObj(schema.properties) || depth > max) return;
  for (const [k, s] of Object.entries(schema.properties)) {
    const sub = isObj(s) ? s : {};
    const path = step(base, k);
    out.push({ path, label: k, detail: typeName(sub), depth });
    if (sub.type === 'object' || isObj(sub.properties)) fromSchema(path, sub, depth + 1, out, max);
  }
}

function valueType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function fromValue(base: string, value: unknown, depth: number, out: Variable[], max = 3): void {
  if (!isObj(value) || depth > max) return;
  for (const [k, v] of Object.entries(value)) {
    const path = step(base, k);
    out.push({ path, label: k, detail: valueType(v), depth });
    fromValue(path, v, depth + 1, out, max);
  }
}

function outputOf(n: SpecNode, lastRun?: Record<string, unknown>): { items: Variable[]; source: string } {
  const base = `nodes.${n.id}`;
  const items: Variable[] = [{ path: base, label: n.id, detail: `output of ${n.name}`, depth: 0 }];
  const schema = n.config.outputSchema ?? n.config.responseSchema;
  if (isObj(schema) && isObj(schema.properties)) {
    fromSchema(base, schema, 1, items);
    return { items, source: 'output schema' };
  }
  if (n.pinned && isObj(n.pinned.output)) {
    fromValue(base, n.pinned.output, 1, items);
    return { items, source: 'pinned output' };
  }
  if (lastRun && isObj(lastRun[n.id])) {
    fromValue(base, lastRun[n.id], 1, items);
    return { items, source: 'last run' };
  }
  if (n.type === 'llm') {
    items.push({ path: `${base}.text`, label: 'text', detail: 'string', depth: 1 });
    return { items, source: 'model reply' };
  }
  return { items, source: 'no fields known yet' };
}

export function variablesAt(
  spec: WorkflowSpec,
  nodeId: string | undefined,
  lastRun?: Record<string, unknown>,
): VariableGroup[] {
  const input: Variable[] = [{ path: 'input', label: 'input', detail: 'the whole run input', depth: 0 }];
  fromSchema('input', spec.input, 1, input);
  const groups: VariableGroup[] = [
    { title: 'Run input', source: 'input schema', items: input },
    {
      title: 'Previous step',
      source: 'whichever step ran just before',
      items: [{ path: 'prev', label: 'prev', detail: 'its output', depth: 0 }],
    },
  ];
  const upstream = nodeId ? upstreamOf(spec, nodeId) : spec.nodes.map((n) => n.id);
  for (const id of upstream) {
    const n = spec.nodes.find((x) => x.id === id);
    if (!n || n.type === 'start' || n.type === 'end') continue;
    const { items, source } = outputOf(n, lastRun);
    groups.push({ title: n.name, source, items });
  }
  return groups;
}

/** What to insert for a path: inside a template, a `{{ }}` hole unless the cursor is already in one. */
export function insertion(path: string, template: boolean, insideHole: boolean): string {
  return template && !insideHole ? `{{ ${path} }}` : path;
}

/** Case-insensitive filter on path and label, keeping groups that still have items. */
export function filterVariables(groups: VariableGroup[], query: string): VariableGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return groups;
  return groups
    .map((g) => ({
      ...g,
      items: g.items.filter((v) => v.path.toLowerCase().includes(q) || g.title.toLowerCase().includes(q)),
    }))
    .filter((g) => g.items.length);
}
