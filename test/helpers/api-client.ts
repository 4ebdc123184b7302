/**
 * A WebSocket client of the web host for tests, speaking the wire format of shared/api.ts:
 * calls by id, and every server push kept in arrival order so tests can assert on order.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ApiErrorBody, ApiMethod, ApiParams, ApiResult } from '../../shared/api';
import { decodeReply } from '../../shared/api-client';
import type { EngineEvent } from '../../shared/events';
import type { AppNotice, ServerPush } from '../../shared/notices';
import { createApiService, type ApiService, type ApiServiceOptions } from '../../src-main/host/api-service';
import { startWebHost, type WebHost } from '../../src-main/host/web-server';

export type Reply<M extends ApiMethod> = { result: ApiResult<M> } | { error: ApiErrorBody };

export interface ApiClient {
  /** One call; resolves with the raw reply (result or error body). */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<Reply<M>>;
  /** One call that must succeed, its result checked against the contract; throws otherwise. */
  ok<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Every push received so far, in order. */
  readonly pushes: ServerPush[];
  events(runId: string): EngineEvent[];
  notices(): AppNotice[];
  /** Resolves with the first push (past or future) matching `pred`. */
  waitFor(pred: (p: ServerPush) => boolean, timeoutMs?: number): Promise<ServerPush>;
  /** Resolves with the run's `run.finished` event. */
  finished(runId: string, timeoutMs?: number): Promise<Extract<EngineEvent, { type: 'run.finished' }>>;
  close(): void;
}

/** Connects to the host's `/api` with its token. */
export async function connectClient(host: WebHost): Promise<ApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (reply: unknown) => void>();
  const pushes: ServerPush[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Record<string, unknown>;
    if (typeof msg.id === 'number') {
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
      return;
    }
    pushes.push(msg as ServerPush);
    for (const w of [...waiters]) w();
  });

  const call = <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<Reply<M>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (r) => {
        const { id: _id, ...rest } = r as { id: number } & Reply<M>;
        resolve(rest as Reply<M>);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });

  const waitFor = (pred: (p: ServerPush) => boolean, timeoutMs = 15_000): Promise<ServerPush> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = pushes.find(pred);
        if (!hit) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `no matching push within ${timeoutMs} ms; got ${pushes.length}: ${JSON.stringify(pushes.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    call,
    async ok(method, params) {
      const r = await call(method, params);
      if ('error' in r) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
      // Checked as the renderer's client checks it: a result that drifts from its schema fails the test.
      return decodeReply(method, r);
    },
    pushes,
    events: (runId) => pushes.flatMap((p) => ('event' in p && p.event.runId === runId ? [p.event] : [])),
    notices: () => pushes.flatMap((p) => ('notice' in p ? [p.notice] : [])),
    waitFor,
    async finished(runId, timeoutMs) {
      const p = await waitFor(
        (x) => 'event' in x && x.event.runId === runId && x.event.type === 'run.finished',
        timeoutMs,
      );
      if (!('event' in p) || p.event.type !== 'run.finished') throw new Error('unreachable');
      return p.event;
    },
    close: () => ws.close(),
  };
}

/** A web host with a real API service (and SQLite run database) on temp directories. */
export interface TestHost {
  dir: string;
  dataDir: string;
  service: ApiService;
  host: WebHost;
  /** Stops the host and closes the database without waiting for runs (a killed backend). */
  kill(): Promise<void>;
}

/** Starts a host; `dir` reuses an existing temp dir (a restarted backend). */
export async function startTestHost(
  opts: { dir?: string; service?: Partial<ApiServiceOptions> } = {},
): Promise<TestHost> {
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'waymark-runs-')));
  const web = path.join(dir, 'web');
  await mkdir(web, { recursive: true });
  await writeFile(path.join(web, 'index.html'), '<!doctype html><title>Waymark</title>');
  const dataDir = path.join(dir, 'data');
  // The database path is explicit so a $WAYMARK_DB in the environment cannot leak in.
  const service = createApiService({
    dataDir,
    dbPath: path.join(dataDir, 'waymark.db'),
    examplesDir: path.resolve('resources/examples'),
    workspace: dir,
    log: () => {},
    ...opts.service,
  });
  const host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir: web, service });
  return {
    dir,
    dataDir,
    service,
    host,
    async kill() {
      await host.close();
      service.close();
    },
  };
}
