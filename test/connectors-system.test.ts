// The real clock and randomness: sleep must honour aborts without leaking timers, and ids
// must be well-formed and unique.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { randomBase36, systemClock, systemRandom } from '../src-main/connectors/system';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('systemClock', () => {
  it('now() is wall-clock milliseconds', () => {
    const before = Date.now();
    const t = systemClock.now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('sleep resolves after roughly ms', async () => {
    const t0 = performance.now();
    await systemClock.sleep(40);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('sleep rejects with the reason on abort and clears its timer', async () => {
    const ac = new AbortController();
    const base = timers();
    const p = systemClock.sleep(60_000, ac.signal);
    expect(timers()).toBe(base + 1);
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    expect(timers()).toBe(base);
  });

  it('sleep rejects at once when already aborted', async () => {
    const ac = new AbortController();
    ac.abort('gone');
    const base = timers();
    await expect(systemClock.sleep(60_000, ac.signal)).rejects.toBe('gone');
    expect(timers()).toBe(base);
  });

  it('a finished sleep stops listening to the signal', async () => {
    const ac = new AbortController();
    const p = systemClock.sleep(1, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    await p;
    // A long-lived signal (a run's) must not collect one listener per finished sleep.
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    ac.abort(); // must not throw or reject anything late
  });

  it('an aborted sleep stops listening too', async () => {
    const ac = new AbortController();
    const p = systemClock.sleep(60_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('systemRandom', () => {
  it('random() is in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const r = systemRandom.random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
  });

  it('id(prefix) is prefix_ + 20 base36 chars, and unique', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = systemRandom.id('run');
      expect(id).toMatch(/^run_[0-9a-z]{20}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
  });

  it('uses the whole base36 alphabet', () => {
    const seen = new Set(randomBase36(20_000));
    expect(seen.size).toBe(36);
  });
});
