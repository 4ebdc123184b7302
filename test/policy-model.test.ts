// The pure policy model (shared/policy.ts) and the validator's governance problems.
import { describe, expect, it } from 'vitest';
import { effectivePolicy, policyReport } from '../shared/policy';
import { loadSpecDocument } from '../shared/spec/load';
import type { WorkflowSpec, WorkflowSpecInput } from '../shared/spec/schema';
import { builtinRegistry } from '../src-main/engine/nodes';

function load(doc: Partial<WorkflowSpecInput>): { spec: WorkflowSpec; codes: string[] } {
  const r = loadSpecDocument({ specVersion: 1, id: 'p', name: 'P', ...doc }, builtinRegistry());
  if (!r.spec) throw new Error(JSON.stringify(r.problems));
  return { spec: r.spec, codes: r.problems.map((p) => `${p.severity}:${p.code}${p.nodeId ? `@${p.nodeId}` : ''}`) };
}

const tool = (id: string, extra: Record<string, unknown> = {}, zone?: string) => ({
  id,
  type: 'tool',
  name: id,
  ...(zone ? { zone } : {}),
  config: { connector: 'api', path: '/x', ...extra },
});
const chain = (ids: string[]) =>
  ['s', ...ids, 'e'].slice(1).map((t, i) => ({ id: `e${i}`, source: ['s', ...ids][i] as string, target: t }));
const connectors = {
  api: { kind: 'http' as const, baseUrl: 'http://x.test' },
  docs: { kind: 'http' as const, baseUrl: 'http://d.test', risk: 'read' as const },
  gpt: { kind: 'llm' as const, provider: 'openai' as const, model: 'm' },
};

describe('effectivePolicy', () => {
  const { spec } = load({
    connectors,
    zones: [
      {
        id: 'ops',
        name: 'Ops',
        policy: {
          unattended: ['read', 'write'],
          approval: ['financial'],
          forbidden: ['destructive'],
          connectors: ['api', 'gpt'],
          budget: { maxSteps: 9 },
        },
      },
    ],
    nodes: [
      { id: 's', type: 'start', name: 'S' },
      tool('unknown'),
      tool('nodeRisk', { risk: 'write' }),
      { ...tool('connRisk'), config: { connector: 'docs', path: '/x' } },
      { id: 'ai', type: 'llm', name: 'ai', config: { model: 'gpt', prompt: 'p' } },
      tool('zWrite', { risk: 'write' }, 'ops'),
      tool('zPay', { risk: 'financial' }, 'ops'),
      tool('zGone', {}, 'ops'),
      tool('zComm', { risk: 'external-communication' }, 'ops'),
      { ...tool('zDocs', {}, 'ops'), config: { connector: 'docs', path: '/x', risk: 'read' } },
      { id: 'e', type: 'end', name: 'E' },
    ],
    edges: chain(['unknown', 'nodeRisk', 'connRisk', 'ai', 'zWrite', 'zPay', 'zGone', 'zComm', 'zDocs']),
  });
  const p = (id: string) => effectivePolicy(spec, builtinRegistry(), id);

  it('applies the default policy outside zones: read and draft unattended, the rest needs approval, unknown is destructive', () => {
    expect(p('unknown')).toMatchObject({
      decision: 'approval',
      riskClass: 'destructive',
      riskSource: 'unknown',
      zone: null,
    });
    expect(p('nodeRisk')).toMatchObject({ decision: 'approval', riskClass: 'write', riskSource: 'node' });
    expect(p('connRisk')).toMatchObject({ decision: 'allow', riskClass: 'read', riskSource: 'connector' });
    expect(p('ai')).toMatchObject({ decision: 'allow', riskClass: 'draft', riskSource: 'llm-default', call: 'llm' });
    expect(p('s')).toMatchObject({ decision: 'allow', call: null, riskClass: null });
  });

  it('applies a zone’s lists, approval for unlisted classes, and its connector allow-list', () => {
    expect(p('zWrite')).toMatchObject({
      decision: 'allow',
      zone: 'ops',
      budget: { maxSteps: 9 },
      rule: expect.stringContaining('zone "ops" lets "write" run unattended'),
    });
    expect(p('zPay')).toMatchObject({
      decision: 'approval',
      rule: expect.stringContaining('requires approval for "financial"'),
    });
    expect(p('zGone')).toMatchObject({
      decision: 'forbid',
      riskClass: 'destructive',
      rule: expect.stringContaining('forbids "destructive"'),
    });
    expect(p('zComm')).toMatchObject({
      decision: 'approval',
      rule: expect.stringContaining('unlisted risk classes need approval'),
    });
    expect(p('zDocs')).toMatchObject({
      decision: 'forbid',
      rule: expect.stringContaining('connector "docs" is not in zone "ops"'),
    });
    expect(policyReport(spec, builtinRegistry()).map((x) => x.nodeId)).toEqual(spec.nodes.map((n) => n.id));
  });
});

describe('an optional call: the guardrail’s injection classifier', () => {
  const guard = (id: string, config: Record<string, unknown>, zone?: string) => ({
    id,
    type: 'guardrail',
    name: id,
    ...(zone ? { zone } : {}),
    config,
  });
  const zones = [
    {
      id: 'tight',
      name: 'Tight',
      policy: { unattended: ['read' as const], connectors: ['api'], budget: { maxSteps: 9 } },
    },
  ];

  it('is a call only when the config names a connector, and then is governed like any model call', () => {
    const { spec, codes } = load({
      connectors,
      zones,
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        guard('plain', { mode: 'input' }),
        guard('classified', { mode: 'input', injectionClassifier: 'gpt' }),
        guard('fenced', { mode: 'input', injectionClassifier: 'gpt' }, 'tight'),
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: chain(['plain', 'classified', 'fenced']),
    });
    const p = (id: string) => effectivePolicy(spec, builtinRegistry(), id);
    expect(codes.filter((c) => c.startsWith('error'))).toEqual([]);
    expect(p('plain')).toMatchObject({ call: null, decision: 'allow' });
    expect(p('classified')).toMatchObject({ call: 'llm', connector: 'gpt', riskClass: 'draft', decision: 'allow' });
    // A zone whose connector allow-list leaves the classifier out forbids it: the validator says so.
    expect(p('fenced')).toMatchObject({ call: 'llm', decision: 'forbid' });
    expect(codes).toContain('warning:policy.forbidden@fenced');
    expect(codes).not.toContain('warning:policy.forbidden@plain');
  });

  it('is checked against the connectors only when named', () => {
    const { codes } = load({
      connectors,
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        guard('plain', { mode: 'input' }),
        guard('typo', { mode: 'input', injectionClassifier: 'gtp' }),
        guard('http', { mode: 'input', injectionClassifier: 'api' }),
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: chain(['plain', 'typo', 'http']),
    });
    expect(codes.filter((c) => c.startsWith('error'))).toEqual([
      'error:node.unknown-model@typo',
      'error:node.unknown-model@http',
    ]);
  });
});

describe('validator governance problems', () => {
  it('warns about side-effecting nodes outside zones, approvals without timeouts, zones without budgets', () => {
    const { codes } = load({
      connectors,
      zones: [{ id: 'free', name: 'Free', policy: { unattended: ['read', 'write'] } }],
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        tool('w', { risk: 'write' }),
        tool('r', { risk: 'read' }),
        tool('z', { risk: 'write' }, 'free'),
        { id: 'ok', type: 'approval', name: 'OK', config: { message: 'ok?' } },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: [
        ...chain(['w', 'r', 'z', 'ok']).slice(0, 4),
        { id: 'a1', source: 'ok', target: 'e', kind: 'branch', branch: 'approved' },
        { id: 'a2', source: 'ok', target: 'e', kind: 'branch', branch: 'rejected' },
      ],
    });
    expect(codes).toEqual(
      expect.arrayContaining([
        'warning:policy.needs-approval@w',
        'warning:approval.no-timeout@ok',
        'warning:zone.no-budget',
      ]),
    );
    expect(codes).not.toContain('warning:policy.needs-approval@r');
    expect(codes).not.toContain('warning:policy.needs-approval@z');
  });

  it('rejects zone approval rules that cannot work', () => {
    const { codes } = load({
      zones: [{ id: 'z', name: 'Z', policy: { budget: { maxSteps: 1 }, approvals: { onTimeout: 'escalate' } } }],
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: chain([]),
    });
    expect(codes).toEqual(expect.arrayContaining(['error:zone.approval-timeout', 'error:zone.approval-escalate']));
  });
});
