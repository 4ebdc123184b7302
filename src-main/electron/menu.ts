/**
 * The application menu. Items that act on the workflow do not act themselves: they send
 * an {@link AppNotice} to the renderer, which owns the document, its dirty state and its
 * undo stack. Native behaviours (clipboard, zoom, window) use Electron roles.
 *
 * Accelerators of notice items are displayed but not registered (`registerAccelerator:
 * false`): the renderer handles those keys itself, identically in the browser build, so a
 * key press never triggers both the renderer's handler and the menu's.
 */
import path from 'node:path';
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppNotice } from '../host/events';

export interface MenuOptions {
  isMac: boolean;
  /** Reload and DevTools only appear in development. */
  isDev: boolean;
  appName: string;
  /** Recent files, newest first. */
  recent: readonly string[];
  /** Delivers a notice to the focused window's renderer. */
  send(notice: AppNotice): void;
}

/** Builds the menu template (plain data, so tests can inspect it). */
export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const notice = (label: string, n: AppNotice, accelerator?: string): MenuItemConstructorOptions => ({
    id: n.command,
    label,
    click: () => opts.send(n),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });
  const recent: MenuItemConstructorOptions[] =
    opts.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : opts.recent.map((file) => ({
          label: path.basename(file),
          sublabel: file,
          toolTip: file,
          click: () => opts.send({ command: 'file.openPath', path: file }),
        }));

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      notice('&New Workflow', { command: 'file.new' }, 'CmdOrCtrl+N'),
      notice('&Open…', { command: 'file.open' }, 'CmdOrCtrl+O'),
      { label: 'Open &Recent', id: 'file.openRecent', submenu: recent },
      { type: 'separator' },
      notice('&Save', { command: 'file.save' }, 'CmdOrCtrl+S'),
      notice('Save &As…', { command: 'file.saveAs' }, 'CmdOrCtrl+Shift+S'),
      notice('&Export Spec…', { command: 'file.export' }, 'CmdOrCtrl+E'),
      { type: 'separator' },
      { role: 'close' },
      ...(opts.isMac ? [] : [{ role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      notice('&Undo', { command: 'edit.undo' }, 'CmdOrCtrl+Z'),
      notice('&Redo', { command: 'edit.redo' }, opts.isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      // Roles fire DOM cut/copy/paste events, which both text fields and the canvas handle.
      { role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', accelerator: 'CmdOrCtrl+V' },
      notice('Select &All', { command: 'edit.selectAll' }, 'CmdOrCtrl+A'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(opts.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
      notice('&Fit Workflow to Window', { command: 'view.fitView' }),
      notice('Toggle &Theme', { command: 'view.toggleTheme' }),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      notice('&Keyboard Shortcuts', { command: 'help.shortcuts' }),
      ...(opts.isMac
        ? []
        : [{ type: 'separator' as const }, { role: 'about' as const, label: `About ${opts.appName}` }]),
    ],
  };

  const appMenu: MenuItemConstructorOptions[] = opts.isMac
    ? [
        {
          label: opts.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const windowMenu: MenuItemConstructorOptions[] = opts.isMac ? [{ role: 'windowMenu' }] : [];

  return [...appMenu, file, edit, view, ...windowMenu, help];
}

/** Builds and installs the application menu. Call again when the recent list changes. */
export function installMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(opts)));
}
