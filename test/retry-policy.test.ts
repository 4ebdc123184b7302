// The retry policy end to end: the real engine, the real Node HTTP transport and a flaky
// loopback server. Timings are checked from what the server saw, not by timed assertions
// on the test itself.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/events';
import { systemRandom } from '../src-main/connectors/system';
import type { RandomPort } from '../src-main/engine/ports';
import { openRuntime, type Runtime } from '../src-main/host/runtime';
import { startFlakyServer, type FlakyServer, type FlakyStep } from './fakes/flaky-server';
import { tempDir } from './helpers/cli';

let srv: FlakyServer | undefined;
let rt: Runtime | undefined;
afterEach(async () => {
  rt?.close();
  await srv?.close();
  srv = rt = undefined;
});

async function runAgainst(
  script: FlakyStep[],
  retry: object = { maxAttempts: 6, initialDelayMs: 50, backoffMultiplier: 2, maxDelayMs: 2000, jitter: 0 },
  random?: RandomPort,
) {
  srv = await startFlakyServer({ script, fallback: { status: 500, body: { error: 'script exhausted' } } });
  rt = openRuntime({ dbPath: path.join(tempDir(), 'r.db'), ...(random ? { random } : {}) });
  const spec = {
    specVersion: 1,
    id: 'flaky',
    name: 'Flaky',
    // A write in a zone that runs writes unattended: this file tests retries, not governance.
    connectors: { api: { kind: 'http', baseUrl: srv.url, risk: 'write' } },
    zones: [{ id: 'open', name: 'Open', policy: { unattended: ['write'], approval: [], forbidden: [] } }],
    nodes: [
      { id: 'start', type: 'start', name: 'S' },
      {
        id: 'call',
        type: 'tool',
        name: 'Call',
        zone: 'open',
        config: { connector: 'api', method: 'POST', path: '/charge', body: '{ "amount": 5 }' },
        retry,
        timeoutMs: 300,
      },
      { id: 'end', type: 'end', name: 'E' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'end' },
    ],
  };
  const out = await rt.engine.start(spec, {});
  const events = rt.store.getEvents(out.runId);
  const retried = events.filter((e): e is Extract<EngineEvent, { type: 'step.retried' }> => e.type === 'step.retried');
  return { out, requests: srv.requests, retried };
}

describe('retry policy over real HTTP', () => {
  it('retries 429 (honouring Retry-After), 503, a hung request (timeout) and a reset, with one idempotency key', async () => {
    const { out, requests, retried } = await runAgainst([
      { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } },
      { status: 503, body: { error: 'unavailable' } },
      { hang: true },
      { reset: true },
      { status: 200, body: { charged: true } },
    ]);
    expect(out).toMatchObject({ status: 'completed', output: { charged: true } });
    expect(requests).toHaveLength(5);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(retried.map((r) => r.error.code)).toEqual(['http.status', 'http.status', 'timeout', 'network']);
    expect(retried.map((r) => r.error.status ?? null)).toEqual([429, 503, null, null]);
    // Backoff 50, 100, 200, 400 ms — but the first wait honours Retry-After: 1 s.
    expect(retried.map((r) => r.delayMs)).toEqual([1000, 100, 200, 400]);
    const gaps = requests.slice(1).map((r, i) => r.at - (requests[i] as { at: number }).at);
    expect(gaps[0]).toBeGreaterThanOrEqual(990);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i', async (status) => {
    const { out, requests, retried } = await runAgainst([{ status, body: { error: 'no' } }]);
    expect(out).toMatchObject({ status: 'failed', error: { code: 'http.status', status, retryable: false } });
    expect(requests).toHaveLength(1);
    expect(retried).toEqual([]);
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('retries %i', async (status) => {
    const { out, requests } = await runAgainst([{ status }, { status: 200, body: { ok: 1 } }]);
    expect(out.status).toBe('completed');
    expect(requests).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last error and the attempt count', async () => {
    const { out, requests } = await runAgainst([{ status: 503 }, { status: 503 }, { status: 503 }], {
      maxAttempts: 3,
      initialDelayMs: 10,
      backoffMultiplier: 2,
      maxDelayMs: 100,
      jitter: 0,
    });
    expect(requests).toHaveLength(3);
    expect(out).toMatchObject({
      status: 'failed',
      error: { status: 503, message: expect.stringContaining('after 3 attempts') },
    });
  });

  it('applies jitter: each wait is reduced by the configured fraction of the random draw', async () => {
    // A fixed draw of 0.5 with jitter 0.5: every wait is base × (1 − 0.5 × 0.5) = 0.75 × base.
    // Without jitter the waits would be the bare backoff (100, 200, 400); with the fraction
    // ignored (full jitter) they would be halved.
    const { out, requests, retried } = await runAgainst(
      [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 200, body: { ok: true } }],
      { maxAttempts: 4, initialDelayMs: 100, backoffMultiplier: 2, maxDelayMs: 1000, jitter: 0.5 },
      { random: () => 0.5, id: systemRandom.id },
    );
    expect(out).toMatchObject({ status: 'completed', output: { ok: true } });
    expect(retried.map((r) => r.delayMs)).toEqual([75, 150, 300]);
    // And the engine really waited that long between attempts.
    const gaps = requests.slice(1).map((r, i) => r.at - (requests[i] as { at: number }).at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual([75, 150, 300][i]! - 5));
  });
});
