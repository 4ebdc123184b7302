/**
 * The main window and the hardening every web contents gets, per the Electron security
 * checklist: isolated, sandboxed, no Node in the page, strict CSP, no navigation, no new
 * windows, no webviews, no permissions beyond writing to the clipboard, no remote requests.
 */
import { BrowserWindow, dialog, nativeTheme, type Session, type WebContents, type WebPreferences } from 'electron';
import { DESKTOP_CSP } from './app-protocol';
import { isAppUrl } from './constants';

/** The renderer's web preferences. Exported so tests can assert each one. */
export function webPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools,
  };
}

/**
 * Denies navigation, new windows and webviews on any web contents. Registered for every
 * web contents the app creates ('web-contents-created'), not just the main window.
 */
export function hardenWebContents(contents: WebContents): void {
  // The renderer is a single page: any navigation (a dropped link, an injected
  // location change) would replace our code with someone else's.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Session-wide policy: CSP on every response, no remote requests, minimal permissions. */
export function installSessionPolicy(ses: Session): void {
  // The app:// handler sets CSP itself; this covers anything else that loads (defence in depth).
  ses.webRequest.onHeadersReceived({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
  // No remote content: the renderer talks to the backend over IPC only.
  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (_details, callback) => callback({ cancel: true }),
  );
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_wc, permission, origin) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(origin));
}

export interface MainWindowOptions {
  preloadPath: string;
  startUrl: string;
  devTools: boolean;
}

/** Creates and loads the main window; shown once painted, so it never flashes white. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Waymark',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14161b' : '#f7f8fa',
    webPreferences: webPreferences(opts.preloadPath, opts.devTools),
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  // The renderer sets `beforeunload` while there are unsaved edits; Electron then cancels
  // the close silently unless main asks the user, which is what this does.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Discard unsaved changes?',
      detail: 'The workflow has edits that are not saved.',
    });
    if (choice === 0) event.preventDefault(); // preventDefault here means "unload anyway"
  });
  void win.loadURL(opts.startUrl);
  return win;
}
