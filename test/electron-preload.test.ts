// The preload exposes only the allowlist, refuses other methods before IPC, and never
// hands the page an ipcRenderer or an IPC event.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import { API_METHODS } from '../shared/api';
import { fake, ipcRenderer } from './fakes/electron';
import { CALL_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL } from '../src-main/electron/constants';

interface Bridge {
  call(method: unknown, params?: unknown): Promise<unknown>;
  onEvent(l: (e: unknown) => void): () => void;
  onNotice(l: (n: unknown) => void): () => void;
}

let bridge: Bridge;

beforeAll(async () => {
  await import('../src-main/electron/preload');
  bridge = fake.exposed.get('waymark') as Bridge;
});
afterEach(() => {
  fake.invoked.length = 0;
});

describe('preload', () => {
  it('exposes exactly window.waymark with call, onEvent and onNotice, all plain functions', () => {
    expect([...fake.exposed.keys()]).toEqual(['waymark']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'onNotice']);
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function');
    expect(Object.values(bridge)).not.toContain(ipcRenderer);
  });

  it('refuses methods outside the allowlist without touching IPC', async () => {
    for (const method of ['fs.readFile', 'shell.openExternal', '__proto__', 'toString', 'constructor', 42, undefined]) {
      await expect(bridge.call(method, {})).rejects.toMatchObject({
        code: 'unknown_method',
        message: expect.stringMatching(/not allowed/),
      });
    }
    expect(fake.invoked).toEqual([]);
  });

  it('sends each allowed method over the one call channel and resolves its result', async () => {
    fake.invokeImpl = async () => ({ result: { ok: true, problems: [] } });
    for (const method of Object.keys(API_METHODS)) {
      await expect(bridge.call(method, {})).resolves.toEqual({ ok: true, problems: [] });
    }
    expect(fake.invoked.map((i) => i.channel)).toEqual(Object.keys(API_METHODS).map(() => CALL_CHANNEL));
    expect(fake.invoked[0]?.args).toEqual([{ method: Object.keys(API_METHODS)[0], params: {} }]);
  });

  it('rejects with the plain error body (code, message, problems) from main', async () => {
    const error = { code: 'invalid_params', message: 'spec.validate: params.text: expected string', problems: [] };
    fake.invokeImpl = async () => ({ error });
    await expect(bridge.call('spec.validate', { text: 1 })).rejects.toEqual(error);
  });

  it('passes event payloads only, never the IPC event (whose sender is ipcRenderer)', () => {
    const got: unknown[] = [];
    const off = bridge.onEvent((e) => got.push(e));
    const ipcEvent = { sender: ipcRenderer };
    ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'run.resumed', runId: 'r', seq: 1 });
    off();
    ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'ignored' });
    expect(got).toEqual([{ type: 'run.resumed', runId: 'r', seq: 1 }]);
  });

  it('holds notices that arrive before the renderer subscribes', () => {
    ipcRenderer.emit(NOTICE_CHANNEL, {}, { command: 'file.openPath', path: '/a.waymark.json' });
    const got: unknown[] = [];
    const off = bridge.onNotice((n) => got.push(n));
    ipcRenderer.emit(NOTICE_CHANNEL, {}, { command: 'file.save' });
    off();
    expect(got).toEqual([{ command: 'file.openPath', path: '/a.waymark.json' }, { command: 'file.save' }]);
  });
});
