// The application menu: required items, accelerators, and notices sent on click.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import type { MenuItemConstructorOptions } from 'electron';
import { fake, resetFakeElectron } from './fakes/electron';
import type { AppNotice } from '../src-main/host/events';
import { buildMenuTemplate, installMenu } from '../src-main/electron/menu';

beforeEach(() => resetFakeElectron());

function build(over: Partial<Parameters<typeof buildMenuTemplate>[0]> = {}) {
  const sent: AppNotice[] = [];
  const template = buildMenuTemplate({
    isMac: false,
    isDev: false,
    appName: 'Waymark',
    recent: [],
    send: (n) => sent.push(n),
    ...over,
  });
  return { template, sent };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const top = template.find((m) => m.label?.replace('&', '') === label);
  if (!top || !Array.isArray(top.submenu)) throw new Error(`no ${label} menu`);
  return top.submenu;
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label?.replace(/&/g, '') === label || i.role === label);
  if (!found) throw new Error(`no item ${label}`);
  return found;
}

function click(i: MenuItemConstructorOptions): void {
  (i.click as () => void)();
}

describe('application menu', () => {
  it('has File, Edit, View and Help (plus the app and Window menus on macOS)', () => {
    expect(build().template.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(build({ isMac: true }).template.map((m) => m.label ?? m.role)).toEqual([
      'Waymark',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
  });

  it('File: New, Open, Open Recent, Save, Save As, Export spec, with accelerators and notices', () => {
    const { template, sent } = build();
    const file = submenu(template, 'File');
    const expected: Array<[string, string, AppNotice['command']]> = [
      ['New Workflow', 'CmdOrCtrl+N', 'file.new'],
      ['Open…', 'CmdOrCtrl+O', 'file.open'],
      ['Save', 'CmdOrCtrl+S', 'file.save'],
      ['Save As…', 'CmdOrCtrl+Shift+S', 'file.saveAs'],
      ['Export Spec…', 'CmdOrCtrl+E', 'file.export'],
    ];
    for (const [label, accelerator, command] of expected) {
      const i = item(file, label);
      expect(i.accelerator, label).toBe(accelerator);
      // Displayed, handled by the renderer's own key handler (no double firing).
      expect(i.registerAccelerator, label).toBe(false);
      click(i);
      expect(sent.at(-1)).toEqual({ command });
    }
    expect(item(file, 'Open Recent').submenu).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('Open Recent lists recent files and opens them by path', () => {
    const { template, sent } = build({ recent: ['/w/refund.waymark.json', '/w/invoice.waymark.json'] });
    const recent = item(submenu(template, 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent.map((r) => r.label)).toEqual(['refund.waymark.json', 'invoice.waymark.json']);
    click(recent[1] as MenuItemConstructorOptions);
    expect(sent).toEqual([{ command: 'file.openPath', path: '/w/invoice.waymark.json' }]);
  });

  it('Edit: Undo, Redo, Cut, Copy, Paste, Select All with the usual accelerators', () => {
    const { template, sent } = build();
    const edit = submenu(template, 'Edit');
    expect(item(edit, 'Undo').accelerator).toBe('CmdOrCtrl+Z');
    expect(item(edit, 'Redo').accelerator).toBe('Ctrl+Y');
    expect(item(submenu(build({ isMac: true }).template, 'Edit'), 'Redo').accelerator).toBe('Shift+Cmd+Z');
    expect(item(edit, 'cut').accelerator).toBe('CmdOrCtrl+X');
    expect(item(edit, 'copy').accelerator).toBe('CmdOrCtrl+C');
    expect(item(edit, 'paste').accelerator).toBe('CmdOrCtrl+V');
    expect(item(edit, 'Select All').accelerator).toBe('CmdOrCtrl+A');
    for (const label of ['Undo', 'Redo', 'Select All']) click(item(edit, label));
    expect(sent).toEqual([{ command: 'edit.undo' }, { command: 'edit.redo' }, { command: 'edit.selectAll' }]);
  });

  it('View has zoom and theme; reload and DevTools only in development', () => {
    const roles = (t: MenuItemConstructorOptions[]) => submenu(t, 'View').map((i) => i.role ?? i.id ?? i.type);
    expect(roles(build().template)).not.toContain('toggleDevTools');
    expect(roles(build().template)).not.toContain('reload');
    expect(roles(build().template)).toEqual(
      expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'view.toggleTheme', 'view.fitView']),
    );
    expect(roles(build({ isDev: true }).template)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('Help opens the keyboard shortcuts', () => {
    const { template, sent } = build();
    click(item(submenu(template, 'Help'), 'Keyboard Shortcuts'));
    expect(sent).toEqual([{ command: 'help.shortcuts' }]);
  });

  it('installMenu sets the application menu', () => {
    installMenu({ isMac: false, isDev: false, appName: 'Waymark', recent: [], send: () => {} });
    expect(fake.applicationMenu?.template).toHaveLength(4);
  });
});
