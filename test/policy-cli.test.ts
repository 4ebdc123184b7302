// `waymark policy` and durable approval timeouts through the real binary and a real SQLite
// database: each command is a new process, so a timer that fires between them is applied by
// whichever process looks next. Each process is told what time it is (helpers/clock.ts), so
// "before" and "after" a timeout do not depend on how fast a loaded machine starts processes.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLES, tempDir } from './helpers/cli';
import { frozenAt } from './helpers/clock';

const dir = tempDir('waymark-policy-cli-');
const db = path.join(dir, 'runs.db');
/** `waymark --db db …args` in a process whose clock reads `atMs` after `base`. */
const at = (base: number, atMs: number, args: string[]) => cli(['--db', db, ...args], { env: frozenAt(base + atMs) });

const gate = (timeoutMs: number) => ({
  specVersion: 1,
  id: 'gate',
  name: 'Gate',
  nodes: [
    { id: 'start', type: 'start', name: 'Start' },
    {
      id: 'ask',
      type: 'approval',
      name: 'Ask',
      config: { message: 'Ship it?', approvers: ['alice'], timeoutMs, onTimeout: 'escalate', escalateTo: ['bob'] },
    },
    { id: 'yes', type: 'end', name: 'Yes', config: { output: '{ "shipped": true, "by": nodes.ask.by }' } },
    { id: 'no', type: 'end', name: 'No', config: { output: '{ "shipped": false, "by": nodes.ask.by }' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ask' },
    { id: 'e2', source: 'ask', target: 'yes', kind: 'branch', branch: 'approved' },
    { id: 'e3', source: 'ask', target: 'no', kind: 'branch', branch: 'rejected' },
  ],
});
function gateFile(timeoutMs: number): string {
  const file = path.join(dir, `gate-${timeoutMs}.waymark.json`);
  writeFileSync(file, JSON.stringify(gate(timeoutMs)));
  return file;
}

describe('waymark policy', () => {
  it('prints per node what it may do unattended, and why', async () => {
    const r = await cli(['policy', path.join(EXAMPLES, 'support-routing.waymark.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /page_oncall\s+tool\s+paging\s+external-communication\s+unattended\s+risk "external-communication" \(set on the node\): zone "paging" lets/,
    );
    expect(r.stdout).toMatch(/classify\s+llm\s+\(default\)\s+draft\s+unattended/);
    const j = JSON.parse((await cli(['--json', 'policy', path.join(EXAMPLES, 'refund-triage.waymark.json')])).stdout);
    expect(j.nodes.find((n: { nodeId: string }) => n.nodeId === 'issue_refund')).toMatchObject({
      decision: 'allow',
      zone: 'payments',
      riskClass: 'financial',
    });
    const bad = await cli(['policy', path.join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
  });
});

describe('durable approval timeouts', () => {
  it('escalates after the process that started the run is gone; the new assignee decides', async () => {
    const t0 = Date.parse('2030-01-01T09:00:00Z');
    expect((await at(t0, 0, ['run', gateFile(4000), '--run-id', 'g1'])).code).toBe(3);
    expect((await at(t0, 3999, ['timeouts'])).stderr).toContain('no approval is overdue');
    const t = await at(t0, 4000, ['timeouts']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('apr_g1_1 (g1, ask) timed out: escalated to bob as apr_g1_1_esc');
    // The escalation has a timeout of its own (4 s from 4 s); until then bob decides.
    const alice = await at(t0, 5000, ['approve', 'g1', '--as', 'alice']);
    expect(alice.code).toBe(4);
    expect(alice.stderr).toContain(
      `"alice" (OS account ${os.userInfo().username}) may not decide approval apr_g1_1_esc; approvers: bob`,
    );
    const bob = await at(t0, 7999, ['--json', 'approve', 'g1', '--as', 'bob']);
    expect(bob.code).toBe(0);
    expect(JSON.parse(bob.stdout)).toMatchObject({ status: 'completed', output: { shipped: true, by: 'bob' } });
  });

  it('rejects when the escalation times out too; reads apply the timers, resume continues the run', async () => {
    const t0 = Date.parse('2030-01-02T09:00:00Z');
    expect((await at(t0, 0, ['run', gateFile(1500), '--run-id', 'g2'])).code).toBe(3);
    const show = await at(t0, 1500, ['--json', 'show', 'g2']);
    expect(show.stderr).toContain('escalated to bob');
    expect(JSON.parse(show.stdout).approvals.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      ['apr_g2_1', 'escalated'],
      ['apr_g2_1_esc', 'pending'],
    ]);
    const runs = await at(t0, 3000, ['runs']);
    expect(runs.stderr).toContain('apr_g2_1_esc (g2, ask) timed out: rejected');
    // Decided by the timeout but not continued (a read only applies timers): approving late
    // says who decided, and continues the run as decided.
    const late = await at(t0, 3001, ['--json', 'approve', 'g2', '--as', 'bob']);
    expect(late.code).toBe(0);
    expect(late.stderr).toMatch(
      /approval apr_g2_1_esc of run g2 was already rejected by system:timeout at .*; the run was not continued since — continuing it now/,
    );
    expect(JSON.parse(late.stdout)).toMatchObject({
      status: 'completed',
      output: { shipped: false, by: 'system:timeout' },
    });
    const resumed = await at(t0, 3002, ['--json', 'resume', 'g2']);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: 'completed',
      output: { shipped: false, by: 'system:timeout' },
    });
    const again = await at(t0, 3003, ['approve', 'g2', '--as', 'bob']);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already rejected by system:timeout at .*; the run has since completed/);
  });
});
