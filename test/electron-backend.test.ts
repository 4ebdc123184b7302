// The backend utility process and its main-side client, joined in-process through the fake
// utilityProcess (messages are structured-cloned, asynchronously, as across a process).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import { fake, resetFakeElectron, type FakeUtilityProcess } from './fakes/electron';
import { startBackend } from '../src-main/electron/backend-client';
import { memorySecretStore, serveInFakeProcess } from './helpers/desktop';
import type { ApiService } from '../src-main/host/api-service';
import type { SecretStore } from '../src-main/host/secret-store';

let dir: string;
let services: Array<() => ApiService | undefined>;
const logs: string[] = [];

/** Runs serveBackend "inside" each forked fake process. */
function wireBackend(child: FakeUtilityProcess): void {
  services.push(serveInFakeProcess(child, (l) => logs.push(l)).service);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-backend-'));
  await writeFile(path.join(dir, 'flow.waymark.json'), '{"specVersion":1}');
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetFakeElectron();
  services = [];
  logs.length = 0;
  fake.onFork = wireBackend;
});

function start(showOpen = async (): Promise<string | null> => null, secrets?: SecretStore) {
  return startBackend({
    modulePath: '/app/dist/electron/backend.cjs',
    dataDir: path.join(dir, `data-${fake.forks.length}-${Math.random()}`),
    examplesDir: path.join(dir, 'no-examples'),
    dialogs: { showOpen, showSave: async () => null },
    ...(secrets ? { secrets } : {}),
    log: (l) => logs.push(l),
  });
}

describe('desktop secrets across main and the backend', () => {
  it('main sends decrypted values at init; changes made through the API are persisted by main; the renderer only sees names', async () => {
    const store = memorySecretStore({ OPENAI_API_KEY: 'sk-from-keychain' });
    const client = start(undefined, store);
    const listed = await client.call('secrets.list', { names: ['OPENAI_API_KEY', 'ORDERS_TOKEN'] });
    expect(listed).toEqual({
      result: {
        writable: true,
        encrypted: true,
        secrets: [
          { name: 'OPENAI_API_KEY', source: 'store', updatedAt: '2026-11-21T00:00:00.000Z' },
          { name: 'ORDERS_TOKEN', source: 'missing' },
        ],
      },
    });
    expect(JSON.stringify(listed)).not.toContain('sk-from-keychain');
    expect(await client.call('secrets.set', { name: 'ORDERS_TOKEN', value: 'tok-123' })).toEqual({
      result: { ok: true },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.values.get('ORDERS_TOKEN')).toBe('tok-123');
    expect(await client.call('secrets.delete', { name: 'OPENAI_API_KEY' })).toEqual({ result: { deleted: true } });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.values.has('OPENAI_API_KEY')).toBe(false);
    client.dispose();
  });
});

describe('backend utility process', () => {
  it('forks the bundled backend, initialises it, and round-trips a call', async () => {
    const client = start();
    expect(fake.forks.map((f) => f.modulePath)).toEqual(['/app/dist/electron/backend.cjs']);
    expect(fake.forks[0]?.posted[0]).toEqual({
      type: 'init',
      dataDir: expect.stringContaining(dir),
      examplesDir: path.join(dir, 'no-examples'),
      secrets: [],
      secretStatus: { encrypted: false },
    });
    const r = await client.call('spec.validate', { text: '{' });
    expect(r).toMatchObject({ result: { ok: false, problems: [{ code: 'json.syntax' }] } });
    client.dispose();
  });

  it('validates in the backend: invalid params come back naming the field', async () => {
    const client = start();
    expect(await client.call('examples.read', { name: '../x' })).toMatchObject({
      error: { code: 'invalid_params', message: expect.stringContaining('params.name') },
    });
    client.dispose();
  });

  it('asks main for native dialogs and continues with the chosen file', async () => {
    const showOpen = vi.fn(async () => path.join(dir, 'flow.waymark.json'));
    const client = start(showOpen);
    expect(await client.call('documents.open', {})).toEqual({
      result: { path: path.join(dir, 'flow.waymark.json'), text: '{"specVersion":1}' },
    });
    expect(showOpen).toHaveBeenCalledOnce();
    client.dispose();
  });

  it('forwards pushes from the backend to main', async () => {
    const client = start();
    const got: unknown[] = [];
    client.onPush((p) => got.push(p));
    await client.call('documents.recent', {}); // backend initialised
    services[0]?.()?.events.notify({ command: 'file.save' });
    await vi.waitFor(() => expect(got).toEqual([{ notice: { command: 'file.save' } }]));
    client.dispose();
  });

  it('fails calls in flight when the process dies, and restarts on the next call', async () => {
    fake.onFork = () => {}; // a process that never answers
    const client = start();
    const inFlight = client.call('examples.list', {});
    fake.forks[0]?.emit('exit', 1);
    expect(await inFlight).toEqual({ error: { code: 'internal', message: 'the backend process stopped; try again' } });
    expect(logs.join('\n')).toMatch(/exited \(code 1\)/);
    fake.onFork = wireBackend;
    expect(await client.call('examples.list', {})).toEqual({ result: [] });
    expect(fake.forks).toHaveLength(2);
    client.dispose();
    expect(fake.forks[1]?.killed).toBe(true);
  });

  it('ignores malformed messages on both sides', async () => {
    const client = start();
    const child = fake.forks[0];
    child?.emit('message', { type: 'reply', id: 'nope' });
    child?.onPost?.({ type: 'rm -rf' });
    await vi.waitFor(() => expect(logs.filter((l) => /malformed/.test(l))).toHaveLength(2));
    expect(await client.call('documents.recent', {})).toEqual({ result: [] });
    client.dispose();
  });
});
