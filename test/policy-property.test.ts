// Property: no sequence of nodes, inputs, approval answers, transport failures and restarts
// makes the engine execute a forbidden call, or a call that needs approval without a
// recorded approval of exactly that call. The oracle below restates the documented rules
// independently of shared/policy.ts, so a bug there is caught rather than copied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_CLASSES, type RiskClass, type WorkflowSpecInput } from '../shared/spec/schema';
import type { HttpRequest, LlmRequest } from '../src-main/engine/ports';
import type { CheckpointStore } from '../src-main/engine/store';
import { json, ScriptedHttp, ScriptedLlm } from '../src-main/engine/testing/fakes';
import { harness } from '../src-main/engine/testing/harness';

type Decision = 'allow' | 'approval' | 'forbid';
interface Policy {
  unattended: RiskClass[];
  approval: RiskClass[];
  forbidden: RiskClass[];
  connectors?: string[];
}
interface CallNode {
  id: string;
  kind: 'tool' | 'llm';
  connector: 'api' | 'crm';
  risk?: RiskClass;
  zone?: string;
  errorEdge: boolean;
}
interface Case {
  connectorRisk: { api?: RiskClass; crm?: RiskClass; gpt?: RiskClass };
  zones: Array<{ id: string; policy: Policy }>;
  left: CallNode[];
  right: CallNode[];
}

const risk = fc.constantFrom(...RISK_CLASSES);
const maybeRisk = fc.option(risk, { nil: undefined });

/** Each risk class lands in one list of the zone, or in none (unlisted). */
const policy: fc.Arbitrary<Policy> = fc
  .record({
    lists: fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: RISK_CLASSES.length, maxLength: RISK_CLASSES.length }),
    connectors: fc.option(fc.subarray(['api', 'crm', 'gpt']), { nil: undefined }),
  })
  .map(({ lists, connectors }) => ({
    unattended: RISK_CLASSES.filter((_, i) => lists[i] === 0),
    approval: RISK_CLASSES.filter((_, i) => lists[i] === 1),
    forbidden: RISK_CLASSES.filter((_, i) => lists[i] === 2),
    ...(connectors ? { connectors } : {}),
  }));

const callNode = (zones: string[]) =>
  fc.record({
    kind: fc.constantFrom('tool' as const, 'llm' as const),
    connector: fc.constantFrom('api' as const, 'crm' as const),
    risk: maybeRisk,
    zone: fc.option(fc.constantFrom(...zones), { nil: undefined }),
    errorEdge: fc.boolean(),
  });

const caseArb: fc.Arbitrary<Case> = fc.array(policy, { maxLength: 2 }).chain((policies) => {
  const zones = policies.map((p, i) => ({ id: `z${i}`, policy: p }));
  const ids = zones.length ? zones.map((z) => z.id) : ['none'];
  const node = callNode(ids).map((n) => (zones.length ? n : { ...n, zone: undefined }));
  return fc.record({
    connectorRisk: fc.record({ api: maybeRisk, crm: maybeRisk, gpt: maybeRisk }),
    zones: fc.constant(zones),
    left: fc.array(node, { minLength: 1, maxLength: 3 }).map((ns) => ns.map((n, i) => ({ ...n, id: `l${i}` }))),
    right: fc.array(node, { maxLength: 3 }).map((ns) => ns.map((n, i) => ({ ...n, id: `r${i}` }))),
  });
});

/** start → decision on input.left → two chains of calls → end; error edges skip to the next node. */
function toSpec(c: Case): WorkflowSpecInput {
  const nodes: WorkflowSpecInput['nodes'] = [
    { id: 'start', type: 'start', name: 'Start' },
    {
      id: 'pick',
      type: 'decision',
      name: 'Pick',
      config: { rules: [{ when: 'input.left = true', branch: 'left' }], defaultBranch: 'right' },
    },
    { id: 'end', type: 'end', name: 'End' },
  ];
  const edges: WorkflowSpecInput['edges'] = [{ id: 'e0', source: 'start', target: 'pick' }];
  for (const [branch, chain] of [
    ['left', c.left],
    ['right', c.right],
  ] as const) {
    const targets = [...chain.map((n) => n.id), 'end'];
    edges.push({ id: `b_${branch}`, source: 'pick', target: targets[0] as string, kind: 'branch', branch });
    chain.forEach((n, i) => {
      const next = targets[i + 1] as string;
      const config =
        n.kind === 'tool'
          ? {
              connector: n.connector,
              method: 'POST',
              path: `/n/${n.id}`,
              body: `{ "node": "${n.id}", "amount": input.amount }`,
              ...(n.risk ? { risk: n.risk } : {}),
            }
          : { model: 'gpt', prompt: `node ${n.id}: amount {{ input.amount }}` };
      nodes.push({
        id: n.id,
        type: n.kind,
        name: n.id,
        config,
        ...(n.zone ? { zone: n.zone } : {}),
        retry: { maxAttempts: 2, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0, jitter: 0 },
      });
      edges.push({ id: `n_${n.id}`, source: n.id, target: next });
      if (n.errorEdge) edges.push({ id: `x_${n.id}`, source: n.id, target: next, kind: 'error' });
    });
  }
  const http = (r?: RiskClass) => ({ kind: 'http' as const, baseUrl: 'http://127.0.0.1:9', ...(r ? { risk: r } : {}) });
  const gpt = {
    kind: 'llm' as const,
    provider: 'openai' as const,
    model: 'm',
    ...(c.connectorRisk.gpt ? { risk: c.connectorRisk.gpt } : {}),
  };
  return {
    specVersion: 1,
    id: 'prop',
    name: 'Prop',
    connectors: { api: http(c.connectorRisk.api), crm: http(c.connectorRisk.crm), gpt },
    zones: c.zones.map((z) => ({ id: z.id, name: z.id, policy: z.policy })),
    nodes,
    edges,
  };
}

/** The documented rules, restated. */
function oracle(c: Case, n: CallNode): Decision {
  const connector = n.kind === 'llm' ? 'gpt' : n.connector;
  const declared: RiskClass =
    n.kind === 'llm' ? (c.connectorRisk.gpt ?? 'draft') : (n.risk ?? c.connectorRisk[n.connector] ?? 'destructive');
  // Every tool call here is a POST: it counts as at least "write", whatever was declared.
  const r: RiskClass = n.kind === 'tool' && (declared === 'read' || declared === 'draft') ? 'write' : declared;
  const zone = c.zones.find((z) => z.id === n.zone);
  if (!zone) return r === 'read' || r === 'draft' ? 'allow' : 'approval';
  if (zone.policy.connectors && !zone.policy.connectors.includes(connector)) return 'forbid';
  if (zone.policy.forbidden.includes(r)) return 'forbid';
  return zone.policy.unattended.includes(r) ? 'allow' : 'approval';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether an approved approval of this node covers exactly what is being sent. */
function approvedFor(store: CheckpointStore, nodeId: string, sent: { body?: unknown; messages?: unknown[] }): boolean {
  return store.listApprovals().some((a) => {
    if (a.nodeId !== nodeId || a.status !== 'approved') return false;
    const d = (a.decidedPayload ?? a.payload) as { body?: unknown; messages?: unknown[] };
    return sent.messages ? same(d.messages, sent.messages.slice(0, d.messages?.length ?? 0)) : same(d.body, sent.body);
  });
}

describe('policy property', () => {
  it('never executes a forbidden call, nor a needs-approval call without its approval', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.constantFrom('approve', 'reject', 'edit', 'restart'), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        async (c, left, amount, answers, failures) => {
          const violations: string[] = [];
          const byId = new Map([...c.left, ...c.right].map((n) => [n.id, n]));
          let calls = 0;
          const check = (nodeId: string, sent: { body?: unknown; messages?: unknown[] }) => {
            const n = byId.get(nodeId);
            if (!n) return violations.push(`call from unknown node ${nodeId}`);
            const d = oracle(c, n);
            if (d === 'forbid') violations.push(`forbidden call by ${nodeId}`);
            if (d === 'approval' && !approvedFor(h.store, nodeId, sent))
              violations.push(`unapproved call by ${nodeId}`);
            return undefined;
          };
          const http = new ScriptedHttp((req: HttpRequest) => {
            check(req.url.split('/n/')[1] ?? '?', { body: req.body ? JSON.parse(req.body) : null });
            return failures[calls++ % failures.length] ? json(503, {}) : json(200, { ok: true });
          });
          const llm = new ScriptedLlm((req: LlmRequest) => {
            check(/node (\w+)/.exec(req.messages[0]?.content ?? '')?.[1] ?? '?', { messages: req.messages });
            return 'ok';
          });
          // Declared after the fakes that close over it; they only run once the engine starts.
          const h = harness({ http, llm });
          let engine = h.engine;
          let out = await engine.start(toSpec(c), { left, amount });
          for (let i = 0; out.status === 'waiting' && i < 20; i++) {
            const answer = answers[i % answers.length];
            const a = h.store.getApproval(out.approvalId as string);
            if (!a) throw new Error('waiting without an approval');
            if (answer === 'restart') engine = h.restart({ http, llm });
            const payload = a.payload as {
              kind: string;
              body?: unknown;
              messages?: Array<{ role: string; content: string }>;
            };
            const edited =
              payload.kind === 'http'
                ? { ...payload, body: { edited: amount + i } }
                : { ...payload, messages: [{ role: 'user', content: `node ${a.nodeId}: edited ${i}` }] };
            out = await engine.decide({
              approvalId: a.id,
              decision: answer === 'reject' ? 'rejected' : 'approved',
              by: 'tester',
              ...(answer === 'edit' ? { payload: edited } : {}),
            });
          }
          expect(violations).toEqual([]);
          expect(['completed', 'failed']).toContain(out.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});
