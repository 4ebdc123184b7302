// The app lifecycle: single instance, sandbox, hardening of every web contents, and the
// wiring order (protocol, backend, IPC, menu, window), plus files opened from the OS.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import {
  app,
  BrowserWindow,
  fake,
  fakeEvent,
  FakeWebContents,
  resetFakeElectron,
  type FakeUtilityProcess,
} from './fakes/electron';
import { serveBackend } from '../src-main/electron/backend-process';
import { CALL_CHANNEL, NOTICE_CHANNEL } from '../src-main/electron/constants';
import { runApp } from '../src-main/electron/lifecycle';

let root: string;
const SPEC_TEXT = JSON.stringify({
  specVersion: 1,
  id: 'a',
  name: 'A',
  nodes: [{ id: 's', type: 'start', name: 'S' }],
});

function wireBackend(child: FakeUtilityProcess): void {
  serveBackend(
    {
      postMessage: (m) => queueMicrotask(() => child.emit('message', structuredClone(m))),
      on: (_e, listener) => (child.onPost = (data) => listener({ data })),
    },
    () => {},
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-app-'));
  await mkdir(path.join(root, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html>');
});
afterAll(() => rm(root, { recursive: true, force: true }));
beforeEach(() => {
  resetFakeElectron();
  app.appPath = root;
  app.userData = path.join(root, 'userData');
  fake.onFork = wireBackend;
});

async function readyWindow(): Promise<BrowserWindow> {
  app.makeReady();
  await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
  return BrowserWindow.instances[0] as BrowserWindow;
}

describe('app lifecycle', () => {
  it('quits at once when another instance holds the lock', () => {
    app.singleInstance = false;
    expect(runApp()).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('sandboxes every renderer and registers app:// as a secure standard scheme before ready', () => {
    runApp();
    expect(app.sandboxEnabled).toBe(true);
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('hardens every web contents the app creates', () => {
    runApp();
    const wc = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), wc);
    expect(wc.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    const nav = fakeEvent({ url: 'https://x.example' });
    wc.emit('will-navigate', nav);
    expect(nav.defaultPrevented).toBe(true);
  });

  it('on ready: serves app://, starts the backend, registers IPC and the menu, opens the window', async () => {
    runApp();
    const win = await readyWindow();
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.forks.map((f) => f.modulePath)).toEqual([path.join(root, 'dist', 'electron', 'backend.cjs')]);
    expect(fake.forks[0]?.posted[0]).toMatchObject({
      type: 'init',
      dataDir: path.join(root, 'userData'),
      examplesDir: path.join(root, 'resources', 'examples'),
    });
    expect([...fake.ipcHandlers.keys()]).toEqual([CALL_CHANNEL]);
    expect(fake.applicationMenu?.template.length).toBeGreaterThan(0);
    expect(fake.headersReceived).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
    });
    expect(win.loadedUrl).toBe('app://waymark/index.html');
  });

  it('relays IPC calls to the backend and refreshes Open Recent after a save', async () => {
    runApp();
    const win = await readyWindow();
    const handler = fake.ipcHandlers.get(CALL_CHANNEL);
    const file = path.join(root, 'saved.waymark.json');
    fake.saveDialogResult = { canceled: false, filePath: file };
    const reply = await handler?.(
      { senderFrame: { url: win.loadedUrl } },
      { method: 'documents.save', params: { text: SPEC_TEXT } },
    );
    expect(reply).toMatchObject({ result: { path: file } });
    expect(app.recentDocuments).toEqual([file]);
    await vi.waitFor(() => {
      const fileMenu = fake.applicationMenu?.template.find((m) => (m as { label?: string }).label === '&File') as {
        submenu: Array<{ id?: string; submenu?: Array<{ sublabel?: string }> }>;
      };
      expect(fileMenu.submenu.find((i) => i.id === 'file.openRecent')?.submenu?.[0]?.sublabel).toBe(file);
    });
  });

  it('opens files from the OS once the page has loaded (macOS open-file before ready, argv of a second instance)', async () => {
    runApp();
    const early = fakeEvent();
    app.emit('open-file', early, '/docs/early.waymark.json');
    expect(early.defaultPrevented).toBe(true);
    const win = await readyWindow();
    const notices = () => win.webContents.sent.filter((s) => s.channel === NOTICE_CHANNEL).map((s) => s.args[0]);
    expect(notices()).toEqual([]); // page not loaded yet
    win.webContents.emit('did-finish-load');
    expect(notices()).toEqual([{ command: 'file.openPath', path: '/docs/early.waymark.json' }]);

    app.emit(
      'second-instance',
      fakeEvent(),
      ['/usr/bin/waymark', '--flag', 'rel/second.waymark.json', 'notes.txt'],
      '/home/me',
    );
    expect(notices()).toContainEqual({ command: 'file.openPath', path: '/home/me/rel/second.waymark.json' });
    expect(notices()).toHaveLength(2);
    expect(win.focused).toBe(true);
  });

  it('quits when the last window closes (except on macOS) and stops the backend on quit', async () => {
    runApp();
    await readyWindow();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 1);
    app.emit('will-quit');
    expect(fake.forks[0]?.killed).toBe(true);
  });
});

describe('document paths the renderer may name', () => {
  // DECOYS only: the files a renderer must not reach live in the test's temp dir.
  async function call(win: BrowserWindow, method: string, params: unknown): Promise<unknown> {
    return fake.ipcHandlers.get(CALL_CHANNEL)?.({ senderFrame: { url: win.loadedUrl } }, { method, params });
  }

  it('refuses paths the user never chose, and allows dialog picks, files from the OS and recent files', async () => {
    const decoy = path.join(root, 'decoy');
    await mkdir(decoy, { recursive: true });
    await writeFile(path.join(decoy, 'credentials.json'), '{"key": "DECOY"}');
    runApp();
    const win = await readyWindow();

    for (const [method, params] of [
      ['documents.open', { path: path.join(decoy, 'credentials.json') }],
      ['documents.save', { path: path.join(decoy, 'credentials.json'), text: SPEC_TEXT }],
      ['documents.save', { path: path.join(decoy, 'new.waymark.json'), text: SPEC_TEXT }],
      ['documents.open', { path: 'decoy/credentials.json' }],
    ] as const) {
      const r = await call(win, method, params);
      expect(r, `${method} ${params.path}`).toMatchObject({
        error: { code: 'forbidden', message: expect.stringMatching(/not chosen in a file dialog.*File › Open/) },
      });
    }
    expect(await readFile(path.join(decoy, 'credentials.json'), 'utf8')).toBe('{"key": "DECOY"}');
    expect(existsSync(path.join(decoy, 'new.waymark.json'))).toBe(false);

    // Picked in the native Save dialog: saved, and from then on the renderer may name it.
    const chosen = path.join(root, 'chosen.waymark.json');
    fake.saveDialogResult = { canceled: false, filePath: chosen };
    expect(await call(win, 'documents.save', { text: SPEC_TEXT })).toMatchObject({ result: { path: chosen } });
    expect(await call(win, 'documents.save', { path: chosen, text: SPEC_TEXT })).toMatchObject({
      result: { path: chosen },
    });
    expect(await call(win, 'documents.open', { path: chosen })).toMatchObject({ result: { path: chosen } });

    // Opened from the OS (double-click on macOS): the renderer's documents.open of it goes through.
    const fromOs = path.join(root, 'from-os.waymark.json');
    await writeFile(fromOs, SPEC_TEXT);
    app.emit('open-file', fakeEvent(), fromOs);
    expect(await call(win, 'documents.open', { path: fromOs })).toMatchObject({ result: { path: fromOs } });

    // A new launch: nothing granted yet but the recent list (files chosen before).
    app.emit('will-quit');
    resetFakeElectron();
    app.appPath = root;
    app.userData = path.join(root, 'userData');
    fake.onFork = wireBackend;
    runApp();
    const again = await readyWindow();
    expect(await call(again, 'documents.open', { path: chosen })).toMatchObject({ result: { path: chosen } });
    expect(await call(again, 'documents.open', { path: path.join(decoy, 'credentials.json') })).toMatchObject({
      error: { code: 'forbidden' },
    });
  });
});
