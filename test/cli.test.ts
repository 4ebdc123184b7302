// The `waymark` command driven as a user would: validate, run, approve, runs, show.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, tempDir } from './helpers/cli';
import { startFakeLlmServer } from './fakes/fake-llm-server';
import { startLedgerServer, type LedgerServer } from './fakes/ledger-server';

const dir = tempDir();
const db = path.join(dir, 'runs.db');
const example = (name: string) => path.join(EXAMPLES, `${name}.waymark.json`);
/** The environment variables these runs may read as secrets (nothing else is read). */
const ALLOW = 'OPENAI_API_KEY,ORDERS_TOKEN';
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

describe('waymark validate', () => {
  it.each(['refund-triage', 'invoice-processing', 'support-routing'])('accepts the %s example', async (name) => {
    const r = await cli(['validate', example(name)]);
    expect(r.stderr).toContain('is valid');
    expect(r.code).toBe(0);
  });

  it('reports invalid JSON with line and column', async () => {
    const r = await cli(['validate', write('bad.json', '{\n  "specVersion": 1,\n  "id": "x",,\n}')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON at line 3, column \d+/);
  });

  it('reports missing fields by JSON path, all at once', async () => {
    const r = await cli([
      'validate',
      '--json',
      write('missing.json', { specVersion: 1, nodes: [{ id: 's', type: 'start' }] }),
    ]);
    expect(r.code).toBe(2);
    const paths = JSON.parse(r.stdout).problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.id', '$.name', '$.nodes[0].name']));
  });

  it('reports every semantic problem together: dangling edge, unknown type, unbounded cycle, bad expression', async () => {
    const spec = {
      specVersion: 1,
      id: 'broken',
      name: 'Broken',
      nodes: [
        { id: 'start', type: 'start', name: 'Start' },
        { id: 'a', type: 'transform', name: 'A', config: { expression: 'input.x +' } },
        {
          id: 'b',
          type: 'decision',
          name: 'B',
          config: { rules: [{ when: 'true', branch: 'again' }], defaultBranch: 'done' },
        },
        { id: 'magic', type: 'teleport', name: 'Magic' },
        { id: 'end', type: 'end', name: 'End' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'a', kind: 'branch', branch: 'again' },
        { id: 'e4', source: 'b', target: 'end', kind: 'branch', branch: 'done' },
        { id: 'e5', source: 'a', target: 'ghost', kind: 'error' },
      ],
    };
    const r = await cli(['validate', '--json', write('semantic.json', spec)]);
    expect(r.code).toBe(2);
    const problems = JSON.parse(r.stdout).problems as Array<{
      code: string;
      path: string;
      message: string;
      hint?: string;
    }>;
    const byCode = Object.fromEntries(problems.map((p) => [p.code, p]));
    expect(byCode['edge.dangling']).toMatchObject({
      path: '$.edges[4].target',
      message: expect.stringContaining('"ghost"'),
    });
    expect(byCode['node.unknown-type']).toMatchObject({
      path: '$.nodes[3].type',
      hint: expect.stringContaining('llm'),
    });
    expect(byCode['graph.unbounded-cycle']).toMatchObject({
      message: expect.stringContaining('"A" → "B" → "A"'),
      hint: expect.stringContaining('Max traversals'),
    });
    expect(byCode['node.expression']).toMatchObject({
      path: '$.nodes[1].config.expression',
      subject: 'A',
      subjectKind: 'step',
      field: 'Expression',
    });
    // The human form names the step by name, says how to fix it, and keeps the same paths.
    const human = await cli(['validate', path.join(dir, 'semantic.json')]);
    expect(human.stderr).toContain('$.edges[4].target');
    expect(human.stderr).toContain(
      'error in edge A (error) → ghost: This edge leads to "ghost", which is not a step in this workflow. Reconnect it to an existing step, or delete it. [$.edges[4].target]',
    );
    expect(human.stderr).toMatch(
      /error in step "A": Syntax error at character \d+: .* \[\$\.nodes\[1\]\.config\.expression\]/,
    );
    expect(human.stderr).toMatch(/✗ .*: \d+ error\(s\)/);
  });

  it('fails for a missing file with a clear message', async () => {
    const r = await cli(['validate', path.join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });
});

describe('waymark run --simulate and approve', () => {
  const input = JSON.stringify({
    ticketId: 'T-1',
    orderId: 'ord_1001',
    customerEmail: 'ada@example.com',
    message: 'It arrived cracked.',
  });

  it('stops the refund example at its approval gate (exit 3), approve completes it (exit 0)', async () => {
    const r = await cli([
      '--db',
      db,
      'run',
      example('refund-triage'),
      '--simulate',
      '--input',
      input,
      '--run-id',
      'refund-1',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('waiting for approval');
    expect(r.stderr).toContain('waymark approve refund-1');
    const a = await cli([
      '--db',
      db,
      'approve',
      'refund-1',
      '--as',
      'alice',
      '--comment',
      'fine',
      '--payload',
      '{"orderId":"ord_1001","amountCents":9000,"currency":"EUR"}',
    ]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ outcome: 'refunded' });
    const again = await cli(['--db', db, 'approve', 'refund-1', '--reject']);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already approved by alice/);
    const show = await cli(['--db', db, '--json', 'show', 'refund-1']);
    const shown = JSON.parse(show.stdout);
    expect(shown.run.status).toBe('completed');
    expect(shown.approvals[0]).toMatchObject({
      status: 'approved',
      decidedBy: 'alice',
      edited: true,
      decidedPayload: { amountCents: 9000 },
    });
    expect(shown.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual([
      'start',
      'classify',
      'is_refund',
      'lookup_order',
      'amount_check',
      'manager_approval',
      'issue_refund',
      'draft_reply',
      'refunded',
    ]);
  });

  it('records the OS account beside the typed name, and refuses the engine names in any case', async () => {
    const account = os.userInfo().username;
    await cli(['--db', db, 'run', example('refund-triage'), '--simulate', '--input', input, '--run-id', 'refund-who']);
    for (const name of ['System:timeout', 'SYSTEM:TIMEOUT', 'ｓｙｓｔｅｍ：timeout', 'Engine']) {
      const r = await cli(['--db', db, 'approve', 'refund-who', '--as', name]);
      expect(r.code, name).toBe(4);
      expect(r.stderr, name).toContain(`${JSON.stringify(name)} is reserved for decisions the engine makes itself`);
      expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    }
    const ok = await cli(['--db', db, 'approve', 'refund-who', '--as', 'Alice B.']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`approved by Alice B. (OS account ${account})`);
    const lines = (await cli(['--db', db, 'audit', 'export', '--run', 'refund-who'])).stdout.trim().split('\n');
    const resolved = lines.map((l) => JSON.parse(l)).filter((e) => e.kind === 'approval.resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({
      actor: `Alice B. (OS account ${account})`,
      payload: { by: 'Alice B.', account, decision: 'approved' },
    });
  });

  it('rejecting takes the rejected branch', async () => {
    await cli(['--db', db, 'run', example('refund-triage'), '--simulate', '--input', input, '--run-id', 'refund-2']);
    const r = await cli([
      '--db',
      db,
      '--json',
      'approve',
      'refund-2',
      '--reject',
      '--as',
      'bob',
      '--comment',
      'duplicate ticket',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'completed',
      output: { outcome: 'rejected', by: 'bob', comment: 'duplicate ticket' },
    });
  });

  it.each([
    [
      'invoice-processing',
      { poNumber: 'PO-7731', invoiceText: 'ACME invoice' },
      { outcome: 'scheduled', paymentId: 'pay_5512' },
    ],
    ['support-routing', { message: 'SSO is down for everyone', customerTier: 'enterprise' }, { outcome: 'paged' }],
  ])('completes the %s example offline', async (name, inp, expected) => {
    const r = await cli(['--db', db, '--json', 'run', example(name), '--simulate', '--input', JSON.stringify(inp)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', output: expected });
  });

  it('rejects invalid input naming the field (exit 2) and runs nothing', async () => {
    const r = await cli(['--db', db, 'run', example('refund-triage'), '--simulate', '--input', '{"ticketId": 5}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$input\.ticketId must be string/);
    expect(r.stderr).toMatch(/\$input\.orderId is required/);
  });

  it('lists runs with status and cost, and shows a step trace', async () => {
    const r = await cli(['--db', db, 'runs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refund-1\s+Refund triage\s+completed \(sim\)/);
    const j = JSON.parse((await cli(['--db', db, '--json', 'runs', '--status', 'completed'])).stdout);
    expect(j.length).toBeGreaterThanOrEqual(4);
    const show = await cli(['--db', db, 'show', 'refund-1']);
    expect(show.stdout).toMatch(/manager_approval\s+approval\s+completed\s+→ approved/);
    const missing = await cli(['--db', db, 'show', 'nope']);
    expect(missing.code).toBe(4);
  });
});

describe('waymark run against live (loopback) services', () => {
  let ledger: LedgerServer;
  let llm: Awaited<ReturnType<typeof startFakeLlmServer>>;
  beforeAll(async () => {
    ledger = await startLedgerServer();
    llm = await startFakeLlmServer({ apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await ledger.close();
    await llm.close();
  });

  it('runs the refund example for real: LLM classification, order lookup, auto refund with an idempotency key', async () => {
    const spec = JSON.parse(readFileSync(example('refund-triage'), 'utf8'));
    spec.connectors.orders.baseUrl = ledger.url;
    spec.connectors.gpt.baseUrl = llm.openaiBaseUrl;
    const file = write('refund-live.waymark.json', spec);
    llm.enqueue(
      {
        text: '{"category": "refund", "confidence": 0.9, "summary": "Wants a refund for order ord_1003."}',
        usage: { inputTokens: 120, outputTokens: 30 },
      } as never,
      { text: 'Hello! Your refund is on its way.', usage: { inputTokens: 80, outputTokens: 12 } } as never,
    );
    // ord_1002 (45.00) is small enough to be refunded without a human.
    const r = await cli(
      [
        '--db',
        db,
        '--json',
        'run',
        file,
        '--input',
        JSON.stringify({
          ticketId: 'T-9',
          orderId: 'ord_1002',
          customerEmail: 'x@example.com',
          message: 'refund please',
        }),
      ],
      { env: { OPENAI_API_KEY: 'sk-test', ORDERS_TOKEN: 'Bearer orders-token', WAYMARK_ALLOW_ENV: ALLOW } },
    );
    const out = JSON.parse(r.stdout);
    expect(out, JSON.stringify(out.output)).toMatchObject({
      status: 'completed',
      output: { outcome: 'refunded', reply: 'Hello! Your refund is on its way.' },
    });
    expect(out.usage).toMatchObject({ inputTokens: 200, outputTokens: 42, llmCalls: 2 });
    expect(out.usage.costUsd).toBeCloseTo((200 * 0.15 + 42 * 0.6) / 1e6, 12);
    const effects = ledger.ledger().effects;
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      kind: 'refund',
      orderId: 'ord_1002',
      amountCents: 4500,
      idempotencyKey: `wm-${out.runId}-6`,
    });
    // The same order again: nothing left to refund, no second effect.
    llm.enqueue({ text: '{"category": "refund", "confidence": 0.8, "summary": "Again."}' } as never);
    const again = await cli(
      [
        '--db',
        db,
        '--json',
        'run',
        file,
        '--input',
        JSON.stringify({ ticketId: 'T-10', orderId: 'ord_1002', message: 'refund please' }),
      ],
      { env: { OPENAI_API_KEY: 'sk-test', ORDERS_TOKEN: 'x', WAYMARK_ALLOW_ENV: ALLOW } },
    );
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 'completed',
      output: { outcome: 'already-refunded', refundedCents: 4500 },
    });
    expect(ledger.ledger().effects).toHaveLength(1);
    expect(llm.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('fails clearly when a secret is missing and there is no error path', async () => {
    const spec = JSON.parse(readFileSync(example('refund-triage'), 'utf8'));
    spec.connectors.orders.baseUrl = ledger.url;
    delete spec.connectors.gpt.baseUrl;
    const file = write('refund-nokey.waymark.json', spec);
    const r = await cli(
      [
        '--db',
        db,
        '--json',
        'run',
        file,
        '--input',
        JSON.stringify({ ticketId: 'T-9', orderId: 'ord_1003', message: 'refund please' }),
      ],
      { env: { OPENAI_API_KEY: '', ORDERS_TOKEN: 'x', WAYMARK_ALLOW_ENV: ALLOW } },
    );
    const out = JSON.parse(r.stdout);
    // classify has an error edge to a human escalation, so the run completes as escalated.
    expect(out).toMatchObject({
      status: 'completed',
      output: { outcome: 'escalated', reason: expect.stringContaining('OPENAI_API_KEY') },
    });
  });
});
