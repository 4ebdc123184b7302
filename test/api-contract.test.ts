// Every method of the contract answers through the typed client over both real transports:
// Electron (preload → IPC handler → main's relay → the backend process, with the fake
// `electron` module) and the web host's WebSocket (a real host on 127.0.0.1:0). The client
// checks every reply and push against the contract's schemas, so a handler whose result
// drifts from its schema fails here as `bad_reply`. A method added to the contract without
// a step below fails the last assertion.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { z } from 'zod';
import WebSocket from 'ws';

vi.mock('electron', () => import('./fakes/electron'));

import { API_METHOD_NAMES, type ApiMethod } from '../shared/api';
import { createApiClient, type ApiClient, type ApiTransport } from '../shared/api-client';
import { ApiError, type ProblemSchema } from '../shared/api-errors';
import type { Problem } from '../shared/spec/problems';
import type { EngineEvent } from '../shared/events';
import type { AppNotice } from '../shared/notices';
import { startBackend } from '../src-main/electron/backend-client';
import { CALL_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL } from '../src-main/electron/constants';
import { registerIpc } from '../src-main/electron/ipc';
import { createElectronTransport, type PreloadBridge } from '../src-renderer/bridge/electron-transport';
import { createWsTransport, type WsLike } from '../src-renderer/bridge/ws-transport';
import { fake, ipcRenderer, resetFakeElectron } from './fakes/electron';
import { startTestHost } from './helpers/api-client';
import { memorySecretStore, serveInFakeProcess } from './helpers/desktop';
import { DEBUG_SPEC } from './helpers/specs';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** What each method answered: `result`, or the error code. */
type Outcomes = Map<ApiMethod, Set<string>>;

/** Wraps a transport to record, per method, whether the checked call resolved or how it failed. */
function recording(api: ApiClient, outcomes: Outcomes): ApiClient {
  const wrap = (method: ApiMethod, fn: (p?: unknown) => Promise<unknown>) => async (p?: unknown) => {
    const seen = outcomes.get(method) ?? new Set<string>();
    outcomes.set(method, seen);
    try {
      const r = await fn(p);
      seen.add('result');
      return r;
    } catch (e) {
      seen.add(e instanceof ApiError ? e.code : 'thrown');
      throw e;
    }
  };
  const groups = api as unknown as Record<string, Record<string, (p?: unknown) => Promise<unknown>>>;
  const out: Record<string, unknown> = { onEvent: api.onEvent, onNotice: api.onNotice };
  for (const m of API_METHOD_NAMES) {
    const [ns, name] = m.split('.') as [string, string];
    const group = (out[ns] ??= {}) as Record<string, unknown>;
    group[name] = wrap(m, groups[ns]![name]!);
  }
  return out as unknown as ApiClient;
}

/** Pushes seen by the client (checked), with a way to wait for one. */
function pushLog(api: ApiClient) {
  const events: EngineEvent[] = [];
  const notices: AppNotice[] = [];
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  cleanups.push(api.onEvent((e) => (events.push(e), poke())));
  cleanups.push(api.onNotice((n) => (notices.push(n), poke())));
  const waitFor = <T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (hit === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; last events: ${JSON.stringify(events.slice(-3))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const event = <T extends EngineEvent['type']>(runId: string, type: T, after = -1) =>
    waitFor(
      () =>
        events.find(
          (e): e is Extract<EngineEvent, { type: T }> => e.runId === runId && e.type === type && e.seq > after,
        ),
      `${type} of ${runId}`,
    );
  return { events, notices, waitFor, event };
}

/** Calls every method of the contract through `api`, checking what each answers. */
async function exercise(raw: ApiClient, dir: string, desktop: boolean): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  const api = recording(raw, outcomes);
  const log = pushLog(raw);

  // The node catalog the editor builds its palette and forms from.
  const { nodes } = await api.catalog.get();
  expect(nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['start', 'llm', 'approval', 'guardrail']));
  expect(nodes.find((n) => n.type === 'approval')?.waits).toContainEqual(
    expect.objectContaining({ state: 'approval', resolves: 'decision' }),
  );

  // Documents and examples.
  const examples = await api.examples.list();
  expect(examples.map((e) => e.name)).toContain('refund-triage');
  const { text } = await api.examples.read({ name: 'refund-triage' });
  expect(await api.spec.validate({ text })).toMatchObject({ ok: true, problems: [] });
  const file = path.join(dir, 'flow.waymark.json');
  expect(await api.documents.save({ path: file, text })).toMatchObject({ path: file });
  expect((await api.documents.open({ path: file }))?.text).toContain('"refund-triage"');
  expect(await api.documents.recent()).toContain(file);
  // Browsing is the web host's (its workspace); the desktop app has native dialogs.
  if (desktop) await expect(api.documents.browse()).rejects.toMatchObject({ code: 'forbidden' });
  else expect((await api.documents.browse()).entries.map((e) => e.name)).toContain('flow.waymark.json');

  // Secrets: stored on the desktop, refused (with the reason) by the web host.
  expect((await api.secrets.list({ names: ['ORDERS_TOKEN'] })).secrets).toContainEqual(
    expect.objectContaining({ name: 'ORDERS_TOKEN' }),
  );
  const set = api.secrets.set({ name: 'WM_CONTRACT_TOKEN', value: 'decoy-value' });
  const del = () => api.secrets.delete({ name: 'WM_CONTRACT_TOKEN' });
  if (desktop) {
    await expect(set).resolves.toEqual({ ok: true });
    await expect(del()).resolves.toEqual({ deleted: true });
  } else {
    await expect(set).rejects.toMatchObject({ code: 'forbidden' });
    await expect(del()).rejects.toMatchObject({ code: 'forbidden' });
  }

  // A run to an approval gate, its views, the decision, the audit log.
  const input = { ticketId: 'T-1', orderId: 'ord_1001', message: 'It arrived cracked.' };
  const { runId } = await api.runs.start({ text, input, simulate: true });
  const waiting = await log.event(runId, 'run.waiting');
  expect(waiting).toMatchObject({ state: 'approval', approvalId: expect.any(String) });
  const approvalId = String(waiting.approvalId);
  const notice = await log.waitFor(
    () => log.notices.find((n) => n.command === 'approval.requested' && n.runId === runId),
    'the approval.requested notice',
  );
  expect(notice).toMatchObject({ approvalId });
  expect((await api.runs.get({ runId })).run).toMatchObject({ id: runId, status: 'waiting', simulate: true });
  const page = await api.runs.events({ runId });
  expect(page.events.map((e) => e.type)).toContain('approval.requested');
  expect((await api.runs.list({ limit: 10 })).map((r) => r.id)).toContain(runId);
  expect(await api.runs.interrupted()).toEqual([]);
  const inbox = await api.approvals.list({ status: 'pending' });
  expect(inbox.map((v) => v.approval.id)).toEqual([approvalId]);
  // Still waiting for its decision: resuming it is harmless and answers at once.
  expect(await api.runs.resume({ runId })).toEqual({ runId });
  // The decider is the host's OS account, with the typed name beside it (a caller cannot pick the account).
  const { account } = await api.approvals.whoami();
  expect(account).toBe(os.userInfo().username);
  expect(await api.approvals.decide({ approvalId: approvalId, decision: 'approved', by: 'alice' })).toEqual({
    ok: true,
  });
  expect(await log.event(runId, 'run.finished')).toMatchObject({ status: 'completed' });
  // Durable waits: an approval gate has no waits row; a signal nobody waits for wakes nothing.
  expect(await api.runs.waits({ runId })).toEqual([]);
  expect(await api.runs.signal({ name: 'nobody.waits', payload: { n: 1 }, runId })).toEqual({ woken: [] });
  const resolved = (await api.audit.list({ runId })).find((a) => a.kind === 'approval.resolved');
  expect(resolved).toMatchObject({ actor: `alice (OS account ${account})`, payload: { by: 'alice', account } });
  expect(await api.audit.verify()).toMatchObject({ ok: true });
  // The cost projection reads the run just recorded (simulated: branch shares, estimated tokens).
  const projection = await api.cost.project({ text, options: { volume: '100000/month', basis: 'history' } });
  expect(projection).toMatchObject({ specId: 'refund-triage', history: { used: true }, volume: { perMonth: 100000 } });
  expect(projection.steps.map((s) => s.nodeId)).toEqual(expect.arrayContaining(['classify', 'draft_reply']));

  // The debugger: break, watch, edit, step, continue; fork; one node on its own.
  const dbg = await api.runs.start({ text: DEBUG_SPEC, input: { n: 5 }, breakpoints: { before: ['add'] } });
  const firstPause = await log.event(dbg.runId, 'run.paused');
  expect(await api.runs.watch({ runId: dbg.runId, expressions: ['nodes.double'] })).toEqual([
    { expression: 'nodes.double', value: 10 },
  ]);
  expect(await api.runs.editState({ runId: dbg.runId, nodeId: 'double', output: 40, by: 'ana' })).toEqual({ ok: true });
  expect(await api.runs.setBreakpoints({ runId: dbg.runId, breakpoints: { before: [], after: [] } })).toEqual({
    ok: true,
  });
  expect(await api.runs.step({ runId: dbg.runId })).toEqual({ runId: dbg.runId });
  await log.event(dbg.runId, 'run.paused', firstPause.seq);
  expect(await api.runs.watch({ runId: dbg.runId, expressions: ['nodes.add'] })).toEqual([
    { expression: 'nodes.add', value: 41 },
  ]);
  // Continued the moment it paused (host/runs/supervisor.ts waits for the pausing drive to unwind).
  expect(await api.runs.continue({ runId: dbg.runId })).toEqual({ runId: dbg.runId });
  expect(await log.event(dbg.runId, 'run.finished')).toMatchObject({ status: 'completed', output: { result: 41 } });
  // Ended: neither a pause nor a cancel has anything to stop.
  expect(await api.runs.pause({ runId: dbg.runId })).toMatchObject({ paused: false });
  expect(await api.runs.cancel({ runId: dbg.runId })).toMatchObject({ cancelled: false });
  const fork = await api.runs.fork({ runId: dbg.runId, fromStep: 1, edits: { double: 100 } });
  expect(await log.event(fork.runId, 'run.finished')).toMatchObject({ output: { result: 101 } });
  expect(
    await api.runs.runNode({ text: DEBUG_SPEC, nodeId: 'add', scope: { nodes: { double: 7 } }, simulate: false }),
  ).toMatchObject({ status: 'done', output: 8 });

  // Telemetry settings: off until configured; saved settings (export left off here) and a reset.
  expect(await api.telemetry.get()).toMatchObject({ source: 'none', status: { enabled: false } });
  expect(await api.telemetry.test()).toEqual({
    delivered: false,
    error: 'export is off: no OTLP endpoint is configured',
  });
  expect(await api.telemetry.configure({ enabled: false, endpoint: 'http://127.0.0.1:4318' })).toMatchObject({
    source: 'settings',
    settings: { endpoint: 'http://127.0.0.1:4318', protocol: 'http/protobuf', headers: [] },
  });
  expect(await api.telemetry.reset()).toMatchObject({ source: 'none' });

  // A contract error crosses the transport typed, with the backend's message.
  await expect(api.runs.get({ runId: 'run_nope' })).rejects.toMatchObject({
    code: 'not_found',
    message: expect.stringContaining('run_nope'),
  });
  return outcomes;
}

function expectEveryMethodAnswered(outcomes: Outcomes, desktop: boolean): void {
  const expected = new Map<ApiMethod, string[]>(API_METHOD_NAMES.map((m) => [m, ['result']]));
  if (!desktop) {
    expected.set('secrets.set', ['forbidden']);
    expected.set('secrets.delete', ['forbidden']);
  } else expected.set('documents.browse', ['forbidden']);
  expected.set('runs.get', ['not_found', 'result']);
  const got = new Map(API_METHOD_NAMES.map((m) => [m, [...(outcomes.get(m) ?? [])].sort()]));
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
}

describe('the typed client over every transport', () => {
  it('Electron: preload → IPC → main → backend process: every method answers, checked', async () => {
    resetFakeElectron();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-contract-ipc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // Each forked "utility process" runs the real backend in-process; messages are cloned.
    fake.onFork = (child) => void serveInFakeProcess(child);
    const backend = startBackend({
      modulePath: '/app/dist/electron/backend.cjs',
      dataDir: path.join(dir, 'data'),
      examplesDir: path.resolve('resources/examples'),
      dialogs: { showOpen: async () => null, showSave: async () => null },
      secrets: memorySecretStore(),
      log: () => {},
    });
    cleanups.push(() => backend.dispose());
    // Main's wiring (lifecycle.ts): the IPC handler relays to the backend; pushes go to the window.
    cleanups.push(registerIpc({ dispatch: (m, p) => backend.call(m, p) }));
    const handler = fake.ipcHandlers.get(CALL_CHANNEL);
    if (!handler) throw new Error('no IPC handler registered');
    const appFrame = { senderFrame: { url: 'app://waymark/index.html' } };
    fake.invokeImpl = async (_channel, request) => structuredClone(await handler(appFrame, structuredClone(request)));
    cleanups.push(
      backend.onPush((push) => {
        if ('event' in push) ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer }, structuredClone(push.event));
        else ipcRenderer.emit(NOTICE_CHANNEL, { sender: ipcRenderer }, structuredClone(push.notice));
      }),
    );
    await import('../src-main/electron/preload');
    const bridge = fake.exposed.get('waymark') as PreloadBridge;

    const outcomes = await exercise(createApiClient(createElectronTransport(bridge)), dir, true);
    expectEveryMethodAnswered(outcomes, true);
  });

  it('web: a real host on 127.0.0.1:0 over a WebSocket: every method answers, checked', async () => {
    const t = await startTestHost();
    cleanups.push(async () => {
      await t.kill();
      await rm(t.dir, { recursive: true, force: true });
    });
    const transport = createWsTransport({
      url: `ws://127.0.0.1:${t.host.port}/api?token=${t.host.token}`,
      createSocket: (url) => new WebSocket(url) as unknown as WsLike,
    });
    cleanups.push(() => transport.close());

    const outcomes = await exercise(createApiClient(transport), t.dir, false);
    expectEveryMethodAnswered(outcomes, false);
  });

  it('a reply that breaks the contract never reaches the caller', async () => {
    const lying: ApiTransport = {
      request: async () => ({ result: { runId: 42 } }),
      onEvent: () => () => undefined,
      onNotice: () => () => undefined,
    };
    await expect(createApiClient(lying).runs.start({ text: '{}' })).rejects.toMatchObject({
      code: 'bad_reply',
      message: expect.stringMatching(/^runs\.start: .*result\.runId/),
    });
  });
});

describe('schemas and the types they stand for', () => {
  it("the wire problem schema is exactly the validator's Problem (checked by tsc)", () => {
    expectTypeOf<z.infer<typeof ProblemSchema>>().toEqualTypeOf<Problem>();
  });
});
