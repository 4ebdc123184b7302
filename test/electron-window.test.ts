// Window options, navigation/window.open denial, session policy and the app:// protocol,
// against the fake electron module.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import { BrowserWindow, fake, fakeEvent, FakeWebContents, resetFakeElectron, session } from './fakes/electron';
import { serveAppRequest, DESKTOP_CSP } from '../src-main/electron/app-protocol';
import { APP_START_URL } from '../src-main/electron/constants';
import { createMainWindow, hardenWebContents, installSessionPolicy } from '../src-main/electron/window';

beforeEach(() => resetFakeElectron());

function openWindow(devTools = false): BrowserWindow {
  createMainWindow({ preloadPath: '/app/dist/electron/preload.cjs', startUrl: APP_START_URL, devTools });
  const win = BrowserWindow.instances[0];
  if (!win) throw new Error('no window created');
  return win;
}

describe('main window', () => {
  it('is isolated, sandboxed, without Node, with web security and our preload', () => {
    const win = openWindow();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('loads only our app:// page, and shows once painted', () => {
    const win = openWindow();
    expect(win.loadedUrl).toBe('app://waymark/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('denies every navigation and every window.open', () => {
    const wc = openWindow().webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://waymark/other.html']) {
      const e = fakeEvent({ url });
      wc.emit('will-navigate', e, url);
      expect(e.defaultPrevented, url).toBe(true);
      expect(wc.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    const redirect = fakeEvent({ url: 'https://evil.example/' });
    wc.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
  });

  it('lets subframes navigate only within the app origin, and refuses webviews', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as never);
    const outside = fakeEvent({ url: 'https://evil.example/' });
    wc.emit('will-frame-navigate', outside);
    expect(outside.defaultPrevented).toBe(true);
    const inside = fakeEvent({ url: 'app://waymark/index.html' });
    wc.emit('will-frame-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('asks before discarding unsaved work, and unloads only when the user agrees', () => {
    const wc = openWindow().webContents;
    fake.messageBoxResult = 1; // Cancel
    const keep = fakeEvent();
    wc.emit('will-prevent-unload', keep);
    expect(keep.defaultPrevented).toBe(false);
    fake.messageBoxResult = 0; // Discard changes
    const discard = fakeEvent();
    wc.emit('will-prevent-unload', discard);
    expect(discard.defaultPrevented).toBe(true);
  });
});

describe('session policy', () => {
  beforeEach(() => installSessionPolicy(session.defaultSession as never));

  it('puts the strict CSP on every response', () => {
    const [hook] = fake.headersReceived;
    let out: { responseHeaders: Record<string, string[]> } | undefined;
    hook?.listener(
      { responseHeaders: { 'X-Other': ['1'] } },
      (r: { responseHeaders: Record<string, string[]> }) => (out = r),
    );
    const csp = out?.responseHeaders['Content-Security-Policy']?.[0] ?? '';
    expect(out?.responseHeaders['X-Other']).toEqual(['1']);
    expect(csp).toBe(DESKTOP_CSP);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
  });

  it('cancels every remote request', () => {
    const [block] = fake.beforeRequest;
    expect(block?.filter).toEqual({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] });
    let res: unknown;
    block?.listener({ url: 'https://tracker.example/x' }, (r: unknown) => (res = r));
    expect(res).toEqual({ cancel: true });
  });

  it('grants no permission but clipboard writes from our own page', () => {
    const decide = (permission: string, url: string): boolean => {
      let granted = true;
      fake.permissionRequestHandler?.({}, permission, (g: boolean) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(decide('media', 'app://waymark/index.html')).toBe(false);
    expect(decide('notifications', 'app://waymark/index.html')).toBe(false);
    expect(decide('clipboard-sanitized-write', 'app://waymark/index.html')).toBe(true);
    expect(decide('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(fake.permissionCheckHandler?.({}, 'geolocation', 'app://waymark')).toBe(false);
  });
});

describe('app:// protocol', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'waymark-proto-'));
    await mkdir(path.join(root, 'web', 'assets'), { recursive: true });
    await writeFile(path.join(root, 'web', 'index.html'), '<!doctype html><title>Waymark</title>');
    await writeFile(path.join(root, 'web', 'assets', 'a.js'), 'export {}');
    await writeFile(path.join(root, 'secret.txt'), 'secret');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the renderer with the CSP and the right content type', async () => {
    const res = await serveAppRequest(path.join(root, 'web'), new Request('app://waymark/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Waymark</title>');
    expect(
      (await serveAppRequest(path.join(root, 'web'), new Request('app://waymark/assets/a.js'))).headers.get(
        'content-type',
      ),
    ).toBe('text/javascript; charset=utf-8');
  });

  it('refuses other hosts and traversal', async () => {
    expect((await serveAppRequest(path.join(root, 'web'), new Request('app://other/index.html'))).status).toBe(404);
    const res = await serveAppRequest(path.join(root, 'web'), new Request('app://waymark/assets/..%2f..%2fsecret.txt'));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret\n');
  });
});
