/**
 * Names for what a problem is about, as a person sees it in the editor: the step by its name
 * (not its id), an edge by the steps it joins, a zone by its name, and the field by the label
 * the inspector shows. Works on the raw document too, so schema errors (before the spec
 * parses) are named the same way.
 */
import type { NodeCatalog } from '../nodes/catalog';
import type { ParamDescriptor } from '../nodes/types';
import { jsonPath, type Problem, type SubjectKind } from './problems';
import { describeIssue, type ZodIssueLike } from './zod-text';

type Part = string | number;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Parses `$.a.b[2]["odd key"]` back into its parts. */
export function parsePath(path: string): Part[] {
  const parts: Part[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path.slice(1)))) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(JSON.parse(m[3] as string) as string);
  }
  return parts;
}

/** The value at `parts` inside `doc` (undefined when any step is missing). */
export function valueAt(doc: unknown, parts: readonly Part[]): unknown {
  let v = doc;
  for (const p of parts) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isObj(v) && typeof p === 'string' && Object.hasOwn(v, p)) v = v[p];
    else return undefined;
  }
  return v;
}

/** "maxTraversals" → "Max traversals". */
export function humanize(key: string): string {
  const words = key
    .replace(/Ms$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

const WORKFLOW: Record<string, string> = {
  specVersion: 'Spec version',
  id: 'Id',
  name: 'Name',
  description: 'Description',
  input: 'Input schema',
  output: 'Output schema',
  connectors: 'Connectors',
  secrets: 'Secrets',
  zones: 'Zones',
  nodes: 'Steps',
  edges: 'Edges',
  defaults: 'Defaults',
};
const NODE: Record<string, string> = {
  id: 'Id',
  name: 'Name',
  type: 'Step type',
  typeVersion: 'Type version',
  position: 'Position',
  config: 'Settings',
  retry: 'Retry on failure',
  timeoutMs: 'Step timeout',
  zone: 'Autonomy zone',
  pinned: 'Pinned output',
  notes: 'Notes',
};
const RETRY: Record<string, string> = {
  maxAttempts: 'Attempts',
  initialDelayMs: 'First delay',
  backoffMultiplier: 'Backoff',
  maxDelayMs: 'Max delay',
  jitter: 'Jitter',
};
const EDGE: Record<string, string> = {
  id: 'Id',
  source: 'From',
  target: 'To',
  kind: 'Kind',
  branch: 'Branch',
  maxTraversals: 'Max traversals',
  probability: 'Probability',
};
const CONNECTOR: Record<string, string> = {
  kind: 'Kind',
  baseUrl: 'Base URL',
  headers: 'Headers',
  risk: 'Risk class',
  rateLimitPerSecond: 'Rate limit (calls per second)',
  provider: 'Provider',
  model: 'Model',
  apiKey: 'API key',
  pricing: 'Pricing',
  inputPerMTok: 'Input price per million tokens',
  outputPerMTok: 'Output price per million tokens',
  maxTokens: 'Max tokens',
  temperature: 'Temperature',
  secret: 'Secret name',
};
const ZONE: Record<string, string> = {
  id: 'Id',
  name: 'Name',
  color: 'Colour',
  policy: 'Zone policy',
  unattended: 'Runs unattended',
  approval: 'Needs approval',
  forbidden: 'Forbidden',
  connectors: 'Allowed connectors',
  secrets: 'Allowed secrets',
  budget: 'Budget',
  maxCostUsd: 'Max cost (USD)',
  maxLlmCalls: 'Max LLM calls',
  maxWallTimeMs: 'Max wall time',
  approvals: 'Approvals',
  timeoutMs: 'Timeout',
  onTimeout: 'At timeout',
  escalateTo: 'Escalate to',
};
const RULE: Record<string, string> = { when: 'condition', branch: 'branch', label: 'why' };

/** Labels for a path below a table's level, skipping wrapper keys, entries numbered from 1. */
function trail(
  parts: readonly Part[],
  table: Record<string, string>,
  skip: readonly string[] = [],
): string | undefined {
  const out: string[] = [];
  parts.forEach((p, i) => {
    if (typeof p === 'number') out.push(`entry ${p + 1}`);
    else if (skip.includes(p) && i < parts.length - 1) return;
    else out.push(table[p] ?? humanize(p));
  });
  return out.length ? out.join(' › ') : undefined;
}

/** The label of a node config field (`rest` starts at the config key). */
function paramLabel(param: ParamDescriptor | undefined, key: Part, rest: readonly Part[]): string {
  if (!param) return typeof key === 'string' ? humanize(key) : `entry ${key + 1}`;
  const [a, b] = rest;
  if (param.kind === 'rules' && typeof a === 'number')
    return `Rule ${a + 1}${typeof b === 'string' ? ` ${RULE[b] ?? humanize(b)}` : ''}`;
  if (param.kind === 'keyValue' && typeof a === 'string') return `${param.label.replace(/s$/, '')} "${a}"`;
  if (param.kind === 'stringList' && typeof a === 'number') return `${param.label}, entry ${a + 1}`;
  if (param.kind === 'jsonSchema' || rest.length === 0) return param.label;
  return `${param.label} › ${trail(rest, {})}`;
}

/** The node parameter a `nodes[i].config.<key>` path is about. */
export function paramAt(doc: unknown, parts: readonly Part[], catalog: NodeCatalog): ParamDescriptor | undefined {
  if (parts[0] !== 'nodes' || typeof parts[1] !== 'number' || parts[2] !== 'config') return undefined;
  const type = valueAt(doc, ['nodes', parts[1], 'type']);
  const desc = typeof type === 'string' ? catalog.get(type) : undefined;
  return desc?.params.find((p) => p.key === parts[3]);
}

/** The field a path points at, by the label the editor shows; undefined for whole elements. */
export function fieldLabel(doc: unknown, parts: readonly Part[], catalog: NodeCatalog): string | undefined {
  const [top, i, ...rest] = parts;
  if (top === 'nodes' && typeof i === 'number') {
    const [field, key, ...deeper] = rest;
    if (field === undefined) return undefined;
    if (field === 'config' && key !== undefined) return paramLabel(paramAt(doc, parts, catalog), key, deeper);
    if (field === 'retry') return key === undefined ? NODE.retry : `Retry › ${trail([key, ...deeper], RETRY)}`;
    if (field === 'pinned' && key === 'port') return 'Pinned output › leave by port';
    return trail(rest, NODE, ['pinned']);
  }
  if (top === 'edges' && typeof i === 'number') return trail(rest, EDGE);
  if (top === 'zones' && typeof i === 'number') return trail(rest, ZONE, ['policy']);
  if (top === 'connectors' && i !== undefined) {
    const [field, key, ...deeper] = rest;
    if (field === 'headers' && typeof key === 'string')
      return `Header "${key}"${deeper.length ? ' › Secret name' : ''}`;
    return trail(rest, CONNECTOR, ['apiKey', 'pricing']);
  }
  if (top === 'secrets' && typeof i === 'number') return rest.length ? trail(rest, { name: 'Name' }) : undefined;
  if (top === 'defaults')
    return `Defaults › ${trail(parts.slice(1), { ...RETRY, retry: 'Retry', timeoutMs: 'Step timeout' })}`;
  if (typeof top === 'string' && (top === 'input' || top === 'output')) return WORKFLOW[top];
  return parts.length ? trail(parts.slice(0, 1), WORKFLOW) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A step's name, else its id, else its position — how a person tells it apart. */
export function stepName(doc: unknown, index: number): string {
  const n = valueAt(doc, ['nodes', index]);
  return (isObj(n) && (str(n.name) ?? str(n.id))) || `step ${index + 1}`;
}

/** The name of the step with this id (the id itself when no step has it). */
export function stepNameById(doc: unknown, id: string): string {
  const nodes = valueAt(doc, ['nodes']);
  const i = Array.isArray(nodes) ? nodes.findIndex((n) => isObj(n) && n.id === id) : -1;
  return i >= 0 ? stepName(doc, i) : id;
}

interface Subject {
  subject?: string;
  subjectKind: SubjectKind;
  nodeId?: string;
  edgeId?: string;
  zoneId?: string;
}

function subjectOf(doc: unknown, parts: readonly Part[], p: Problem): Subject {
  const [top, i] = parts;
  if (top === 'nodes' && typeof i === 'number') {
    const id = str(valueAt(doc, ['nodes', i, 'id']));
    return { subject: stepName(doc, i), subjectKind: 'step', ...(id ? { nodeId: id } : {}) };
  }
  if (top === 'edges' && typeof i === 'number') {
    const e = valueAt(doc, ['edges', i]);
    const from = isObj(e) && typeof e.source === 'string' ? stepNameById(doc, e.source) : '?';
    const to = isObj(e) && typeof e.target === 'string' ? stepNameById(doc, e.target) : '?';
    const port =
      isObj(e) && e.kind === 'branch' && str(e.branch)
        ? ` (${e.branch})`
        : isObj(e) && e.kind === 'error'
          ? ' (error)'
          : '';
    const id = isObj(e) ? str(e.id) : undefined;
    return { subject: `${from}${port} → ${to}`, subjectKind: 'edge', ...(id ? { edgeId: id } : {}) };
  }
  if (top === 'zones' && typeof i === 'number') {
    const z = valueAt(doc, ['zones', i]);
    const id = isObj(z) ? str(z.id) : undefined;
    return {
      subject: (isObj(z) && (str(z.name) ?? id)) || `zone ${i + 1}`,
      subjectKind: 'zone',
      ...(id ? { zoneId: id } : {}),
    };
  }
  if (top === 'connectors' && typeof i === 'string') return { subject: i, subjectKind: 'connector' };
  if (top === 'secrets' && typeof i === 'number')
    return { subject: str(valueAt(doc, ['secrets', i, 'name'])) ?? `secret ${i + 1}`, subjectKind: 'secret' };
  if (p.nodeId) return { subject: stepNameById(doc, p.nodeId), subjectKind: 'step' };
  return { subject: str(valueAt(doc, ['name'])), subjectKind: 'workflow' };
}

/** A message or hint as a sentence: capitalised, ending with a full stop. */
function asSentence(t: string): string {
  const s = t.trim();
  const cap = /^[a-z]/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  return /[.!?]["”)]?$/.test(cap) ? cap : `${cap}.`;
}

/**
 * Fills in each problem's subject (what it is about, by name), field label and element ids,
 * and drops exact repeats (same severity, place and message).
 */
export function nameProblems(problems: readonly Problem[], doc: unknown, catalog: NodeCatalog): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.severity}\0${p.path}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const parts = parsePath(p.path);
    const s = subjectOf(doc, parts, p);
    const field = p.field ?? fieldLabel(doc, parts, catalog);
    out.push({
      ...p,
      message: asSentence(p.message),
      ...(p.hint ? { hint: asSentence(p.hint) } : {}),
      ...(s.subject !== undefined && p.subject === undefined ? { subject: s.subject } : {}),
      subjectKind: p.subjectKind ?? s.subjectKind,
      ...(field ? { field } : {}),
      ...(s.nodeId && !p.nodeId ? { nodeId: s.nodeId } : {}),
      ...(s.edgeId && !p.edgeId ? { edgeId: s.edgeId } : {}),
      ...(s.zoneId && !p.zoneId ? { zoneId: s.zoneId } : {}),
    });
  }
  return out;
}

const ELEMENT: Record<string, string> = {
  nodes: 'This step',
  edges: 'This edge',
  zones: 'This zone',
  connectors: 'This connector',
  secrets: 'This secret',
};

/** A schema issue (before the spec parses) as a problem, worded for people. */
function schemaProblem(issue: ZodIssueLike, doc: unknown, catalog: NodeCatalog): Problem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as Array<string | number>;
  // An unknown field is reported on the object that holds it: name the object, not a field.
  const label =
    fieldLabel(doc, path, catalog) ?? (path.length === 2 ? ELEMENT[String(path[0])] : undefined) ?? 'The workflow';
  const { message, hint } = describeIssue(issue, { label, value: valueAt(doc, path) });
  return { severity: 'error', code: 'schema', path: jsonPath(path), message, hint };
}

/** The spec schema's issues with a document, as named problems (the loader and the editor's parser). */
export function schemaProblems(issues: readonly ZodIssueLike[], doc: unknown, catalog: NodeCatalog): Problem[] {
  return nameProblems(
    issues.map((i) => schemaProblem(i, doc, catalog)),
    doc,
    catalog,
  );
}
