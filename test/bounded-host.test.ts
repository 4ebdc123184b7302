// Runaway expressions on a real web host: a recursive JSONata expression run by
// "run this node" and inside a run is stopped at the step's limit with an error naming the
// step, while the host keeps answering API calls the whole time (the work runs in the
// sandbox's worker threads, not on the host's thread).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';

let t: TestHost;
let client: ApiClient;

const RUNAWAY = '($f := function($n) { $f($n + 1) }; $f(0))';

function spec(expression: string, timeoutMs?: number) {
  return JSON.stringify({
    specVersion: 1,
    id: 'runaway',
    name: 'Runaway',
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      {
        id: 'total',
        type: 'transform',
        name: 'Compute total',
        config: { expression },
        ...(timeoutMs ? { timeoutMs } : {}),
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'total' },
      { id: 'e2', source: 'total', target: 'end' },
    ],
  });
}

/** Calls `runs.list` every 100 ms until `work` settles; returns the slowest answer in ms and how many came back. */
async function probe(work: Promise<unknown>): Promise<{ answered: number; slowestMs: number }> {
  let settled = false;
  void work.finally(() => (settled = true)).catch(() => {});
  let answered = 0;
  let slowestMs = 0;
  while (!settled) {
    const t0 = Date.now();
    await client.ok('runs.list', {});
    slowestMs = Math.max(slowestMs, Date.now() - t0);
    answered++;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { answered, slowestMs };
}

beforeAll(async () => {
  t = await startTestHost();
  client = await connectClient(t.host);
});
afterAll(async () => {
  client?.close();
  await t?.kill();
  await rm(t.dir, { recursive: true, force: true });
});

describe('a runaway expression on the web host', () => {
  it('runs.runNode fails the step at its 2 s timeout, naming the step and the limit; the host answers throughout', async () => {
    const run = client.ok('runs.runNode', { text: spec(RUNAWAY, 2000), nodeId: 'total', scope: {} });
    const p = await probe(run);
    const r = await run;
    expect(r.status).toBe('failed');
    expect(r.error?.message).toBe("Step 'Compute total': the expression ran longer than 2 s");
    // The host answered while the expression was running (about 2 s of probes, not one late reply).
    expect(p.answered).toBeGreaterThanOrEqual(5);
  });

  it('runs.start: the run fails at the default limit with a hint, and the host answers throughout', async () => {
    const { runId } = await client.ok('runs.start', { text: spec(RUNAWAY), input: {} });
    const finished = client.finished(runId, 30_000);
    const p = await probe(finished);
    const end = await finished;
    expect(end.status).toBe('failed');
    expect(end.error?.message).toMatch(
      /^Step 'Compute total': the expression ran longer than 5 s \(the default limit; set a timeout on the step to change it\)/,
    );
    expect(end.error?.code).toBe('expression.limit');
    expect(p.answered).toBeGreaterThanOrEqual(10);
    // Runs after it still evaluate expressions (in a fresh worker).
    const ok = await client.ok('runs.start', { text: spec('$sum([1, 2, 3])'), input: {} });
    expect(await client.finished(ok.runId)).toMatchObject({ status: 'completed', output: 6 });
  });

  it('a memory blow-up fails the step with the memory limit named', async () => {
    const r = await client.ok('runs.runNode', {
      text: spec('$count([1..10000].([1..10000]))', 60_000),
      nodeId: 'total',
      scope: {},
    });
    expect(r.status).toBe('failed');
    expect(r.error?.message).toMatch(/^Step 'Compute total': the expression needed more than \d+ MB of memory$/);
  });

  it('a backtracking input pattern the static check cannot see is stopped at the limit: the run is refused as invalid input', async () => {
    // `(a|a)*` has no nested repetition (validation accepts it) but backtracks exponentially.
    const doc = JSON.parse(spec('input.name'));
    doc.input = { type: 'object', properties: { name: { type: 'string', pattern: '^(a|a)*$' } } };
    const started = client.call('runs.start', { text: JSON.stringify(doc), input: { name: `${'a'.repeat(40)}!` } });
    const p = await probe(started);
    const reply = await started;
    expect('error' in reply && reply.error).toMatchObject({
      message: 'The run input: the schema check ran longer than 5 s',
    });
    expect(p.answered).toBeGreaterThanOrEqual(10);
  });
});
