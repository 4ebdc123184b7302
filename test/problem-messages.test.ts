/**
 * Messages for people: every problem the loader reports — for hundreds of broken specs made
 * from the shipped examples — names what it is about by name (the step's name, not its id),
 * says what is wrong in plain sentences without zod or JSON jargon, keeps the JSON path in
 * `path` (details) only, and appears once.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../shared/nodes/catalog';
import { loadSpecDocument, loadSpecText } from '../shared/spec/load';
import { formatProblem, problemText, type Problem } from '../shared/spec/problems';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLES = path.resolve(import.meta.dirname, '../resources/examples');
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.waymark.json'))
  .map((f) => ({ file: f, text: readFileSync(path.join(EXAMPLES, f), 'utf8') }));
const fresh = (text: string): Doc => JSON.parse(text) as Doc;

/** Phrases of zod's and ajv's default messages, and other developer talk. */
const JARGON = [
  /Too (small|big)/i,
  /Invalid (input|option|discriminator|URL|string|type)/i,
  /expected .+ received/i,
  /[<>]=/,
  /Unrecognized key/i,
  /\$\.[A-Za-z[]/, // a JSON path: belongs in the details
  /\bundefined\b/,
  /\binvalid_\w+/,
  /\bconfig\./,
  /\bnode\b/i, // "node" is the engine's word; the editor says "step"
];
/** Spec field names a person never types in the editor (camelCase keys of the spec). */
const SPEC_KEYS =
  /\b(typeVersion|timeoutMs|onTimeout|escalateTo|timeoutBranch|maxTraversals|outputSchema|payloadSchema|responseSchema|requestSchema|defaultBranch|baseUrl|apiKey|maxAttempts|initialDelayMs|specVersion|maxCostUsd)\b/;

interface Case {
  name: string;
  doc: Doc | string;
}

/** Hand-written breakages: one per kind of problem the validator knows. */
function handMade(): Case[] {
  const out: Case[] = [];
  const refund = examples.find((e) => e.file.startsWith('refund')) as { text: string };
  const add = (name: string, edit: (d: Doc) => void) => {
    const d = fresh(refund.text);
    edit(d);
    out.push({ name, doc: d });
  };
  const nodeOf = (d: Doc, id: string) => d.nodes.find((n: Doc) => n.id === id);
  add('empty step name', (d) => (nodeOf(d, 'classify').name = ''));
  add('unknown node field', (d) => (nodeOf(d, 'classify').colour = 'red'));
  add('position not a number', (d) => (nodeOf(d, 'classify').position = { x: 'left', y: 0 }));
  add('bad node id', (d) => (d.nodes[1].id = '1 classify'));
  add('unknown type', (d) => (nodeOf(d, 'lookup_order').type = 'ftp'));
  add('future typeVersion', (d) => (nodeOf(d, 'lookup_order').typeVersion = 9));
  add('duplicate node id', (d) => (nodeOf(d, 'auto_refund').id = 'lookup_order'));
  add('unknown zone', (d) => (nodeOf(d, 'issue_refund').zone = 'vault'));
  add('retry out of range', (d) => (nodeOf(d, 'issue_refund').retry = { maxAttempts: 99 }));
  add('step timeout zero', (d) => (nodeOf(d, 'issue_refund').timeoutMs = 0));
  add('missing connector', (d) => (nodeOf(d, 'lookup_order').config.connector = ''));
  add('undeclared connector', (d) => (nodeOf(d, 'lookup_order').config.connector = 'shop'));
  add('llm used as connector', (d) => (nodeOf(d, 'lookup_order').config.connector = 'gpt'));
  add('undeclared model', (d) => (nodeOf(d, 'classify').config.model = 'claude'));
  add('http used as model', (d) => (nodeOf(d, 'classify').config.model = 'orders'));
  add('bad method', (d) => (nodeOf(d, 'issue_refund').config.method = 'FETCH'));
  add('template error', (d) => (nodeOf(d, 'lookup_order').config.path = '/orders/{{ input. }}'));
  add('expression error', (d) => (nodeOf(d, 'auto_refund').config.expression = '{ "amount": '));
  add('bad json schema', (d) => (nodeOf(d, 'classify').config.outputSchema = { type: 'objekt' }));
  add('approval onTimeout without timeout', (d) => {
    delete nodeOf(d, 'manager_approval').config.timeoutMs;
    nodeOf(d, 'manager_approval').config.onTimeout = 'reject';
  });
  add('approval escalate without escalateTo', (d) => {
    nodeOf(d, 'manager_approval').config.onTimeout = 'escalate';
    delete nodeOf(d, 'manager_approval').config.escalateTo;
  });
  add('approval branch without branch name', (d) => {
    nodeOf(d, 'manager_approval').config.onTimeout = 'branch';
    delete nodeOf(d, 'manager_approval').config.timeoutBranch;
  });
  add('approval without timeout', (d) => {
    delete nodeOf(d, 'manager_approval').config.timeoutMs;
    delete nodeOf(d, 'manager_approval').config.onTimeout;
  });
  add('decision without rules', (d) => (nodeOf(d, 'is_refund').config.rules = []));
  add('decision rule without condition', (d) => (nodeOf(d, 'is_refund').config.rules[0].when = ''));
  add('dangling edge', (d) => d.edges.push({ id: 'x1', source: 'classify', target: 'nowhere' }));
  add('edge from a missing step', (d) => d.edges.push({ id: 'x1', source: 'ghost', target: 'refunded' }));
  add('duplicate edge id', (d) => (d.edges[1].id = d.edges[0].id));
  add('edge into start', (d) => d.edges.push({ id: 'x1', source: 'route_to_support', target: 'start', kind: 'error' }));
  add('unknown branch', (d) => {
    const e = d.edges.find((x: Doc) => x.kind === 'branch');
    e.branch = 'maybe';
  });
  add('branch name on a next edge', (d) => (d.edges[0].branch = 'x'));
  add('branch edge without name', (d) => {
    const e = d.edges.find((x: Doc) => x.kind === 'branch');
    delete e.branch;
  });
  add('two edges from one port', (d) => d.edges.push({ ...d.edges[0], id: 'x1', target: 'refunded' }));
  add('dead end and open port', (d) => (d.edges = d.edges.filter((e: Doc) => e.source !== 'draft_reply')));
  add('unreachable step', (d) => (d.edges = d.edges.filter((e: Doc) => e.target !== 'route_to_support')));
  add('unbounded loop', (d) => d.edges.push({ id: 'x1', source: 'draft_reply', target: 'classify', kind: 'error' }));
  add('no start', (d) => (d.nodes = d.nodes.filter((n: Doc) => n.type !== 'start')));
  add('two starts', (d) => d.nodes.push({ id: 'start2', type: 'start', name: 'Second start' }));
  add('no end', (d) => (d.nodes = d.nodes.filter((n: Doc) => n.type !== 'end')));
  add('no nodes', (d) => (d.nodes = []));
  add('undeclared secret', (d) => (d.secrets = []));
  add('bad secret name', (d) => (d.secrets[0].name = 'openai key'));
  add('bad base URL', (d) => (d.connectors.orders.baseUrl = 'orders.example'));
  add('unknown connector kind', (d) => (d.connectors.orders.kind = 'ftp'));
  add('bad provider', (d) => (d.connectors.gpt.provider = 'acme'));
  add('negative price', (d) => (d.connectors.gpt.pricing = { inputPerMTok: -1, outputPerMTok: 1 }));
  add('bad zone colour', (d) => (d.zones[0].color = 'red'));
  add('zone policy conflict', (d) => d.zones[0].policy.approval.push(d.zones[0].policy.unattended[0]));
  add('zone unknown connector', (d) => (d.zones[0].policy.connectors = ['shop']));
  add('zone without budget', (d) => delete d.zones[0].policy.budget);
  add('zone approvals onTimeout without timeout', (d) => (d.zones[0].policy.approvals = { onTimeout: 'reject' }));
  add('zone escalate without anyone', (d) => (d.zones[0].policy.approvals = { timeoutMs: 10, onTimeout: 'escalate' }));
  add('step outside every zone needs approval', (d) => delete nodeOf(d, 'issue_refund').zone);
  add('zone forbids the call', (d) => (d.zones[0].policy = { unattended: [], approval: [], forbidden: ['financial'] }));
  add('bad workflow input schema', (d) => (d.input = { type: 'objekt' }));
  add('empty workflow name', (d) => (d.name = ''));
  add('unknown workflow field', (d) => (d.author = 'me'));
  add('spec from the future', (d) => (d.specVersion = 99));
  add('loop bound not a number', (d) => (d.edges[0].maxTraversals = 'often'));
  out.push({ name: 'not JSON', doc: '{ "specVersion": 1, }' });
  out.push({ name: 'not an object', doc: '[]' });
  return out;
}

/** Every parameter of every step of every example, set to each wrong kind of value. */
function swept(): Case[] {
  const out: Case[] = [];
  const wrong: Array<[string, unknown]> = [
    ['empty text', ''],
    ['a number', 12345],
    ['an object', { x: 1 }],
    ['a list', ['x']],
    ['null', null],
    ['missing', undefined],
  ];
  for (const ex of examples) {
    const base = fresh(ex.text);
    base.nodes.forEach((node: Doc, i: number) => {
      for (const param of builtinCatalog.get(node.type)?.params ?? []) {
        for (const [what, value] of wrong) {
          const d = fresh(ex.text);
          if (value === undefined) delete d.nodes[i].config?.[param.key];
          else d.nodes[i].config = { ...d.nodes[i].config, [param.key]: value };
          out.push({ name: `${ex.file}: ${node.name} › ${param.label} = ${what}`, doc: d });
        }
      }
    });
  }
  return out;
}

function problemsOf(c: Case): Problem[] {
  return typeof c.doc === 'string' ? loadSpecText(c.doc).problems : loadSpecDocument(c.doc, builtinCatalog).problems;
}

/** What is wrong with how a problem is worded, if anything. */
function flaws(p: Problem, doc: Doc | string): string[] {
  const out: string[] = [];
  const words = `${p.message} ${p.hint ?? ''}`;
  for (const re of JARGON) if (re.test(words)) out.push(`jargon ${re}`);
  if (SPEC_KEYS.test(p.message)) out.push('a spec field name in the message');
  if (!/^["A-Z]/.test(p.message) || !/[.!?]["”)]?$/.test(p.message)) out.push('message is not a sentence');
  if (p.hint !== undefined && (!/^["A-Z]/.test(p.hint) || !/[.!?]["”)]?$/.test(p.hint)))
    out.push('hint is not a sentence');
  if (!p.hint) out.push('no hint');
  if (!p.path.startsWith('$')) out.push('no JSON path');
  if (!p.subjectKind) out.push('no subject');
  if (typeof doc !== 'string' && Array.isArray(doc.nodes)) {
    // Steps are named by name: an id shows only where no name exists or the id is the topic.
    const aboutIds =
      p.code === 'node.duplicate-id' || p.field === 'Id' || /^edge\.(dangling|duplicate-id)$/.test(p.code);
    for (const n of doc.nodes as Doc[]) {
      if (typeof n?.id !== 'string' || typeof n.name !== 'string' || !n.name || n.name === n.id) continue;
      if (!aboutIds && words.includes(`"${n.id}"`)) out.push(`step id "${n.id}" instead of its name "${n.name}"`);
      if (p.nodeId === n.id && p.subjectKind === 'step' && p.subject !== n.name && !aboutIds)
        out.push(`subject is not "${n.name}"`);
    }
  }
  return out;
}

describe('problems are worded for people', () => {
  const cases = [...handMade(), ...swept()];
  let results: Array<{ c: Case; problems: Problem[] }> = [];
  beforeAll(() => {
    results = cases.map((c) => ({ c, problems: problemsOf(c) }));
    // WAYMARK_DUMP_PROBLEMS=file writes every distinct problem, to read them all at once.
    const dump = process.env.WAYMARK_DUMP_PROBLEMS;
    if (dump) {
      const lines = new Set(results.flatMap((r) => r.problems.map((p) => `${p.code} | ${formatProblem(p)}`)));
      writeFileSync(dump, [...lines].sort().join('\n'));
    }
  });

  it(`covers every kind of problem (${cases.length} broken specs)`, () => {
    const codes = new Set(results.flatMap((r) => r.problems.map((p) => p.code)));
    for (const code of [
      'schema',
      'json.syntax',
      'spec.version',
      'node.config',
      'node.unknown-type',
      'node.duplicate-id',
      'node.unknown-connector',
      'node.unknown-model',
      'node.template',
      'node.expression',
      'node.json-schema',
      'edge.dangling',
      'edge.port',
      'edge.duplicate',
      'edge.into-start',
      'graph.dead-end',
      'graph.unreachable',
      'graph.unbounded-cycle',
      'graph.start',
      'graph.end',
      'secret.undeclared',
      'zone.policy-conflict',
      'zone.no-budget',
      'approval.timeout',
      'policy.needs-approval',
      'policy.forbidden',
    ])
      expect(codes, code).toContain(code);
  });

  it('no message has zod or JSON jargon, a raw step id where a name exists, or no fix', () => {
    const bad: string[] = [];
    for (const { c, problems } of results) {
      for (const p of problems) {
        const f = flaws(p, c.doc);
        if (f.length) bad.push(`${c.name}: ${f.join(', ')}\n    ${formatProblem(p)}`);
      }
    }
    expect(bad.slice(0, 25).join('\n')).toBe('');
  });

  it('no problem is reported twice', () => {
    const bad: string[] = [];
    for (const { c, problems } of results) {
      const seen = new Map<string, string>();
      for (const p of problems) {
        const key = `${p.severity}|${p.subjectKind}|${p.subject}|${p.message}`;
        if (seen.has(key)) bad.push(`${c.name}: twice: ${problemText(p)} (${seen.get(key)} and ${p.path})`);
        seen.set(key, p.path);
      }
    }
    expect(bad.slice(0, 25).join('\n')).toBe('');
  });

  it('names the step, the field and the fix; the path stays in the details', () => {
    const d = fresh(examples.find((e) => e.file.startsWith('refund'))?.text as string);
    d.nodes.find((n: Doc) => n.id === 'lookup_order').config.connector = '';
    const [p] = loadSpecDocument(d).problems;
    expect(p).toMatchObject({
      subject: 'Look up order',
      subjectKind: 'step',
      nodeId: 'lookup_order',
      field: 'Connector',
      path: '$.nodes[3].config.connector',
      message: 'Connector is empty.',
      hint: expect.stringContaining('Choose an HTTP connector'),
    });
    expect(problemText(p as Problem)).toBe(
      'In step "Look up order": Connector is empty. Choose an HTTP connector, or add one under Connectors in the workflow settings.',
    );
    expect(formatProblem(p as Problem)).toMatch(
      /^error in step "Look up order": Connector is empty\. .* \[\$\.nodes\[3\]\.config\.connector\]$/,
    );
  });

  it('names an edge by the steps it joins and a rule field by its place', () => {
    const d = fresh(examples.find((e) => e.file.startsWith('refund'))?.text as string);
    d.edges.push({ id: 'x1', source: 'classify', target: 'issue_refund' });
    d.nodes.find((n: Doc) => n.id === 'is_refund').config.rules[0].when = '';
    const problems = loadSpecDocument(d).problems;
    expect(problems.find((p) => p.code === 'edge.duplicate')).toMatchObject({
      subjectKind: 'edge',
      subject: 'Classify ticket → Issue refund',
      message: 'The next output of "Classify ticket" already leads to "Refund request?".',
    });
    expect(problems.find((p) => p.code === 'node.config')).toMatchObject({
      subject: 'Refund request?',
      field: 'Rule 1 condition',
      message: 'Rule 1 condition is empty.',
    });
  });
});
