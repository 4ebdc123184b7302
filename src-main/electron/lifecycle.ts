/**
 * The app's lifecycle: one instance, hardened sessions and web contents, the backend
 * process, IPC, the menu and the window, wired in that order. Everything here is glue;
 * each piece it wires lives (and is tested) in its own file.
 */
import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import type { DispatchResult } from '../host/api-service';
import type { AppNotice } from '../host/events';
import { appPaths } from '../host/paths';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { startBackend, type BackendClient } from './backend-client';
import { openDesktopSecretStore } from './secrets';
import { APP_START_URL, EVENT_CHANNEL, NOTICE_CHANNEL } from './constants';
import { createNativeDialogs } from './dialogs';
import { createDocumentGrants } from './document-grants';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { notifyApprovalRequested } from './notifications';
import { createOpenQueue, specFilesFromArgv } from './open-files';
import { createMainWindow, hardenWebContents, installSessionPolicy } from './window';

/** Where the bundled shell files live, relative to the app root (see scripts/build-electron.mjs). */
export const BUNDLE_DIR = path.join('dist', 'electron');

/** Starts the desktop app. Returns false when another instance already runs (this one quits). */
export function runApp(): boolean {
  registerAppScheme(); // must precede 'ready'
  app.enableSandbox(); // every renderer sandboxed, whatever a window asks for

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }

  const root = app.getAppPath();
  const paths = appPaths(root);
  const isDev = !app.isPackaged;
  // Files the renderer may name: picked in a dialog, opened from the OS, or recent.
  const grants = createDocumentGrants();
  const opens = createOpenQueue(grants.grant);
  let mainWindow: BrowserWindow | undefined;
  let backend: BackendClient | undefined;

  for (const f of specFilesFromArgv(process.argv.slice(1), process.cwd())) opens.open(f);

  const sendNotice = (notice: AppNotice): void => {
    const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
    target?.webContents.send(NOTICE_CHANNEL, notice);
  };

  const refreshMenu = async (): Promise<void> => {
    const reply = backend ? await backend.call('documents.recent', {}) : { result: [] };
    grants.learn('documents.recent', reply);
    const recent =
      'result' in reply && Array.isArray(reply.result)
        ? reply.result.filter((f): f is string => typeof f === 'string')
        : [];
    installMenu({ isMac: process.platform === 'darwin', isDev, appName: app.name, recent, send: sendNotice });
  };

  const openWindow = (): BrowserWindow => {
    const win = createMainWindow({
      preloadPath: path.join(root, BUNDLE_DIR, 'preload.cjs'),
      startUrl: APP_START_URL,
      devTools: isDev,
    });
    win.webContents.on('did-finish-load', () => opens.ready((n) => win.webContents.send(NOTICE_CHANNEL, n)));
    win.webContents.on('did-start-loading', () => opens.reset());
    win.on('closed', () => {
      opens.reset();
      if (mainWindow === win) mainWindow = undefined;
    });
    mainWindow = win;
    return win;
  };

  const focus = (): void => {
    const win = mainWindow ?? (app.isReady() ? openWindow() : undefined);
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  };

  // macOS delivers double-clicked files here, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    opens.open(file);
    if (app.isReady()) focus();
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const f of specFilesFromArgv(argv.slice(1), workingDirectory)) opens.open(f);
    focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('will-quit', () => backend?.dispose());

  void app.whenReady().then(async () => {
    installSessionPolicy(session.defaultSession);
    await serveAppProtocol(paths.rendererDir);
    backend = startBackend({
      modulePath: path.join(root, BUNDLE_DIR, 'backend.cjs'),
      dataDir: app.getPath('userData'),
      examplesDir: paths.examplesDir,
      dialogs: grants.dialogs(createNativeDialogs(() => BrowserWindow.getFocusedWindow() ?? mainWindow)),
      secrets: openDesktopSecretStore({
        file: path.join(app.getPath('userData'), 'secrets.json'),
        warn: (m) => process.stderr.write(`waymark: ${m}\n`),
      }),
    });
    const client = backend;
    client.onPush((push) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if ('event' in push) win.webContents.send(EVENT_CHANNEL, push.event);
        else win.webContents.send(NOTICE_CHANNEL, push.notice);
      }
      // A gate opened: tell the user even when the window is in the background.
      if ('notice' in push) {
        notifyApprovalRequested(push.notice, (open) => {
          focus();
          sendNotice(open);
        });
      }
    });
    registerIpc({
      grants,
      dispatch: async (method, params): Promise<DispatchResult> => {
        const reply = await client.call(method, params);
        // Opening or saving changes the recent list: keep the menu and the OS list current.
        if (
          (method === 'documents.open' || method === 'documents.save') &&
          'result' in reply &&
          reply.result &&
          typeof reply.result === 'object' &&
          'path' in reply.result &&
          typeof reply.result.path === 'string'
        ) {
          app.addRecentDocument(reply.result.path);
          void refreshMenu();
        }
        return reply;
      },
    });
    await refreshMenu();
    openWindow();
  });
  return true;
}
