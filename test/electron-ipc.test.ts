// The IPC handler: sender frame checked, params validated (by the same parseApiRequest as
// the web host), then dispatched through the real API service.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import { fake, resetFakeElectron } from './fakes/electron';
import { createApiService, type ApiService } from '../src-main/host/api-service';
import { CALL_CHANNEL } from '../src-main/electron/constants';
import { handleCall, registerIpc } from '../src-main/electron/ipc';

let dir: string;
let service: ApiService;
const fromApp = { senderFrame: { url: 'app://waymark/index.html' } } as never;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-ipc-'));
  service = createApiService({ dataDir: dir, examplesDir: dir });
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => resetFakeElectron());

describe('IPC call handler', () => {
  it('rejects calls from a foreign or missing sender frame before dispatching', async () => {
    const dispatch = vi.fn(service.dispatch);
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://other/index.html',
      'devtools://devtools/x',
      '',
    ]) {
      const r = await handleCall({ dispatch }, { senderFrame: { url } } as never, {
        method: 'examples.list',
        params: {},
      });
      expect(r, url).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(
      await handleCall({ dispatch }, { senderFrame: null } as never, { method: 'examples.list', params: {} }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('rejects invalid params naming the field, and unknown methods, before dispatching', async () => {
    const dispatch = vi.fn(service.dispatch);
    const bad = await handleCall({ dispatch }, fromApp, { method: 'spec.validate', params: { text: 5 } });
    expect(bad).toMatchObject({ error: { code: 'invalid_params', message: expect.stringContaining('params.text') } });
    const extra = await handleCall({ dispatch }, fromApp, {
      method: 'documents.save',
      params: { text: '{}', path: '/x.json', mode: 0o777 },
    });
    expect(extra).toMatchObject({ error: { code: 'invalid_params', message: expect.stringContaining('mode') } });
    expect(await handleCall({ dispatch }, fromApp, { method: 'fs.rm', params: {} })).toMatchObject({
      error: { code: 'unknown_method' },
    });
    expect(await handleCall({ dispatch }, fromApp, 'spec.validate')).toMatchObject({
      error: { code: 'invalid_params' },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches a valid call through the API service', async () => {
    const r = await handleCall({ dispatch: service.dispatch }, fromApp, {
      method: 'spec.validate',
      params: { text: '{"specVersion":1}' },
    });
    expect(r).toMatchObject({
      result: { ok: false, problems: expect.arrayContaining([expect.objectContaining({ path: '$.id' })]) },
    });
  });

  it('registers exactly one handler, on the call channel, and removes it', async () => {
    const off = registerIpc({ dispatch: service.dispatch });
    expect([...fake.ipcHandlers.keys()]).toEqual([CALL_CHANNEL]);
    const handler = fake.ipcHandlers.get(CALL_CHANNEL);
    expect(
      await handler?.({ senderFrame: { url: 'https://evil.example/' } }, { method: 'examples.list', params: {} }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(await handler?.(fromApp, { method: 'examples.list', params: {} })).toEqual({ result: [] });
    off();
    expect(fake.ipcHandlers.size).toBe(0);
  });
});
