// The worker pool really stops runaway work: endless recursion, memory blow-ups and
// pathological regexes end at their limit, the host thread stays free, and the pool
// keeps serving afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxLimitError } from '../engine/limits';
import { WorkerSandbox } from './pool';

const sandbox = new WorkerSandbox({ workers: 2, memoryMb: 96 });
afterAll(() => sandbox.close());

/** Counts host-thread timer ticks while `work` runs: a blocked host would count none. */
async function ticksDuring(work: Promise<unknown>): Promise<number> {
  let ticks = 0;
  const t = setInterval(() => ticks++, 20);
  await work.catch(() => {});
  clearInterval(t);
  return ticks;
}

describe('WorkerSandbox', () => {
  it('evaluates JSONata with functions in a worker', async () => {
    expect(await sandbox.evaluate('$sum(items.price)', { items: [{ price: 2 }, { price: 3 }] }, 5000)).toBe(5);
    expect(await sandbox.evaluate('nothing', {}, 5000)).toBeUndefined();
  });

  it('stops endless recursion at the deadline while the host keeps ticking', async () => {
    const runaway = sandbox.evaluate('($f := function($n) { $f($n + 1) }; $f(0))', {}, 800);
    const check = expect(runaway).rejects.toMatchObject({ kind: 'time', limit: 800 });
    expect(await ticksDuring(runaway)).toBeGreaterThan(5);
    await check;
    // A fresh worker takes the next job.
    expect(await sandbox.evaluate('1 + 1', {}, 5000)).toBe(2);
  });

  it('stops an expression that grows past the memory cap', async () => {
    const e = await sandbox.evaluate('$count([1..10000].([1..10000]))', {}, 60_000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SandboxLimitError);
    expect(e).toMatchObject({ kind: 'memory', limit: 96 });
    expect(await sandbox.evaluate('"still " & "here"', {}, 5000)).toBe('still here');
  });

  it('stops a backtracking schema pattern at the deadline', async () => {
    const schema = { type: 'string', pattern: '^(a+)+$' };
    const slow = sandbox.validate(schema, `${'a'.repeat(40)}!`, 500);
    await expect(slow).rejects.toMatchObject({ kind: 'time' });
    expect(await sandbox.validate(schema, 'aaa', 5000)).toEqual([]);
  });

  it('refuses a result larger than the result cap', async () => {
    const small = new WorkerSandbox({ workers: 1, memoryMb: 256, maxResultMb: 1 });
    try {
      await expect(small.evaluate('$pad("", 2000000, "x")', {}, 10_000)).rejects.toMatchObject({ kind: 'result' });
    } finally {
      await small.close();
    }
  });

  it('reports an evaluation error as a plain error, not a limit', async () => {
    const e = await sandbox.evaluate('$number("x") + ', {}, 5000).catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(SandboxLimitError);
    expect(String((e as Error).message)).toMatch(/expression/);
  });

  it('stops a job whose signal aborts, and runs jobs queued behind busy workers', async () => {
    const ac = new AbortController();
    const forever = sandbox.evaluate('($f := function($n) { $f($n + 1) }; $f(0))', {}, 60_000, ac.signal);
    const other = sandbox.evaluate('($f := function($n) { $f($n + 1) }; $f(0))', {}, 700);
    const queued = sandbox.evaluate('2 * 21', {}, 5000);
    setTimeout(() => ac.abort(new Error('cancelled by the run')), 300);
    await expect(forever).rejects.toThrow('cancelled by the run');
    await expect(other).rejects.toMatchObject({ kind: 'time' });
    expect(await queued).toBe(42);
  });
});
