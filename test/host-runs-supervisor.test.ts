// The backend's run supervision when a client answers the instant it hears a run stop. A
// drive publishes its last event (run.paused, run.waiting) before it has unwound; a call that
// continues the run from that event's listener must wait for the unwinding, not be refused
// as "already executing" — nor record a decision the run then never continues with.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/events';
import { createApiService, type ApiService, type DispatchResult } from '../src-main/host/api-service';
import { createEventHub, type EventHub } from '../src-main/host/events';
import { gateFlow } from './fixtures/flows';
import { DEBUG_SPEC } from './helpers/specs';

const dirs: string[] = [];
const services: ApiService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function backend(): Promise<{ s: ApiService; hub: EventHub }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wm-super-'));
  dirs.push(dir);
  const hub = createEventHub();
  const s = createApiService({ dataDir: dir, examplesDir: dir, events: hub, log: () => {} });
  services.push(s);
  return { s, hub };
}

/**
 * Calls `answer` synchronously from the hub listener on the first event `when` matches (the
 * backend drives one run, so the event's run is the test's).
 */
function onFirst(
  hub: EventHub,
  when: (e: EngineEvent) => boolean,
  answer: (e: EngineEvent) => Promise<DispatchResult>,
) {
  return new Promise<DispatchResult>((resolve) => {
    const off = hub.subscribe((push) => {
      if (!('event' in push) || !when(push.event)) return;
      off();
      void answer(push.event).then(resolve);
    });
  });
}

/** The run's final status; fails naming the status it is stuck in if it does not end. */
async function ended(s: ApiService, runId: string): Promise<string> {
  let status = '';
  for (let polls = 0; polls < 500; polls++) {
    const r = await s.dispatch('runs.get', { runId });
    if ('error' in r) throw new Error(r.error.message);
    status = (r.result as { run: { status: string } }).run.status;
    if (status === 'completed' || status === 'failed' || status === 'cancelled') return status;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`run ${runId} never ended: it is still ${status}`);
}

describe('continuing a run the moment it stops', () => {
  it('runs.continue from the run.paused listener continues the run', async () => {
    const { s, hub } = await backend();
    const answered = onFirst(
      hub,
      (e) => e.type === 'run.paused',
      (e) => s.dispatch('runs.continue', { runId: e.runId }),
    );
    const started = await s.dispatch('runs.start', {
      text: DEBUG_SPEC,
      input: { n: 2 },
      breakpoints: { before: ['add'], after: [] },
    });
    if ('error' in started) throw new Error(started.error.message);
    const { runId } = started.result as { runId: string };
    expect(await answered).toEqual({ result: { runId } });
    expect(await ended(s, runId)).toBe('completed');
  });

  it('runs.step from the run.paused listener steps the run', async () => {
    const { s, hub } = await backend();
    const answered = onFirst(
      hub,
      (e) => e.type === 'run.paused',
      (e) => s.dispatch('runs.step', { runId: e.runId }),
    );
    const started = await s.dispatch('runs.start', {
      text: DEBUG_SPEC,
      input: { n: 2 },
      breakpoints: { before: ['double'], after: [] },
    });
    if ('error' in started) throw new Error(started.error.message);
    const { runId } = started.result as { runId: string };
    expect(await answered).toEqual({ result: { runId } });
  });

  it('approvals.decide from the run.waiting listener continues the run with the decision', async () => {
    const { s, hub } = await backend();
    let approvalId = '';
    const answered = onFirst(
      hub,
      (e) => {
        if (e.type === 'approval.requested') approvalId = e.approvalId;
        return e.type === 'run.waiting';
      },
      () => s.dispatch('approvals.decide', { approvalId, decision: 'approved', by: 'ana' }),
    );
    const started = await s.dispatch('runs.start', { text: JSON.stringify(gateFlow()), input: {} });
    if ('error' in started) throw new Error(started.error.message);
    const { runId } = started.result as { runId: string };
    expect(await answered).toEqual({ result: { ok: true } });
    expect(await ended(s, runId)).toBe('completed');
  });

  it('still refuses to continue or resume a run whose drive is executing a step', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const requested = new Promise<void>((r) => (arrived = r));
    const server = http.createServer((_req, res) => {
      arrived();
      release = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const { s } = await backend();
      const spec = {
        specVersion: 1,
        id: 'slow',
        name: 'Slow call',
        connectors: { api: { kind: 'http', baseUrl: `http://127.0.0.1:${port}`, risk: 'read' } },
        nodes: [
          { id: 'start', type: 'start', name: 'Start' },
          { id: 'call', type: 'tool', name: 'Call', config: { connector: 'api', path: '/slow' } },
          { id: 'end', type: 'end', name: 'End' },
        ],
        edges: [
          { id: 'e1', source: 'start', target: 'call' },
          { id: 'e2', source: 'call', target: 'end' },
        ],
      };
      const started = await s.dispatch('runs.start', { text: JSON.stringify(spec), input: {} });
      if ('error' in started) throw new Error(started.error.message);
      const { runId } = started.result as { runId: string };
      await requested; // the drive is inside the tool step now
      expect(await s.dispatch('runs.continue', { runId })).toMatchObject({
        error: { code: 'conflict', message: expect.stringContaining('already executing') },
      });
      expect(await s.dispatch('runs.resume', { runId })).toMatchObject({
        error: { code: 'conflict', message: expect.stringContaining('already executing') },
      });
      release();
      expect(await ended(s, runId)).toBe('completed');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
