/**
 * Keyboard shortcuts as data: the key handler (app/useGlobalKeys) and the help sheet (`?`)
 * both read this table, so the sheet can never drift from what the keys do. Every command
 * has an entry (a `Record` over `CommandId`), so a new command cannot be added without
 * showing up in the sheet.
 */
export type CommandId =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'deselect'
  | 'search'
  | 'help'
  | 'save'
  | 'saveAs'
  | 'open'
  | 'export'
  | 'layout'
  | 'fit'
  | 'zone'
  | 'specView'
  | 'problems'
  | 'palette'
  | 'inspector'
  | 'policyView'
  | 'runOrContinue'
  | 'stopRun'
  | 'stepRun'
  | 'breakpoint'
  | 'connect';

export interface Shortcut {
  command: CommandId;
  /** Display form, with "Mod" shown as Ctrl or ⌘. */
  keys: string[];
  description: string;
  group: ShortcutGroup;
}

export type ShortcutGroup = 'Edit' | 'Canvas' | 'Run' | 'File' | 'View';
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = ['Edit', 'Canvas', 'Run', 'File', 'View'];

const TABLE: Record<CommandId, Omit<Shortcut, 'command'>> = {
  undo: { keys: ['Mod+Z'], description: 'Undo', group: 'Edit' },
  redo: { keys: ['Mod+Shift+Z', 'Mod+Y'], description: 'Redo', group: 'Edit' },
  copy: { keys: ['Mod+C'], description: 'Copy selection (also to other workflows)', group: 'Edit' },
  cut: { keys: ['Mod+X'], description: 'Cut selection', group: 'Edit' },
  paste: { keys: ['Mod+V'], description: 'Paste', group: 'Edit' },
  duplicate: { keys: ['Mod+D'], description: 'Duplicate selection', group: 'Edit' },
  delete: { keys: ['Delete', 'Backspace'], description: 'Delete selection', group: 'Edit' },
  selectAll: { keys: ['Mod+A'], description: 'Select all', group: 'Edit' },
  deselect: { keys: ['Escape'], description: 'Clear selection / close dialog', group: 'Edit' },
  search: { keys: ['Mod+K'], description: 'Find a step by name', group: 'Canvas' },
  layout: { keys: ['Shift+L'], description: 'Auto-layout', group: 'Canvas' },
  fit: { keys: ['Shift+1'], description: 'Fit the workflow in view', group: 'Canvas' },
  zone: { keys: ['Mod+G'], description: 'Put the selection in a new zone', group: 'Canvas' },
  connect: {
    keys: ['C'],
    description: 'Connect the selected step: choose its port and the target step, Enter connects',
    group: 'Canvas',
  },
  policyView: { keys: ['Shift+P'], description: 'Policy view: colour steps by what they may do', group: 'Canvas' },
  runOrContinue: { keys: ['F5'], description: 'Run (or continue a paused run)', group: 'Run' },
  stopRun: { keys: ['Shift+F5'], description: 'Stop the run', group: 'Run' },
  stepRun: { keys: ['F10'], description: 'Step: run the next step, then pause', group: 'Run' },
  breakpoint: { keys: ['F9'], description: 'Pause before the selected step (breakpoint)', group: 'Run' },
  save: { keys: ['Mod+S'], description: 'Save', group: 'File' },
  saveAs: { keys: ['Mod+Shift+S'], description: 'Save as…', group: 'File' },
  open: { keys: ['Mod+O'], description: 'Open…', group: 'File' },
  export: { keys: ['Mod+E'], description: 'Export the runnable spec', group: 'File' },
  specView: { keys: ['Mod+J'], description: 'Toggle inspector / spec JSON', group: 'View' },
  palette: { keys: ['Mod+B'], description: 'Show or hide the steps palette', group: 'View' },
  inspector: { keys: ['Mod+Alt+B'], description: 'Show or hide the inspector', group: 'View' },
  problems: { keys: ['Mod+Shift+M'], description: 'Show or hide the problems panel', group: 'View' },
  help: { keys: ['?'], description: 'Show these shortcuts', group: 'View' },
};

export const SHORTCUTS: Shortcut[] = (Object.entries(TABLE) as Array<[CommandId, Omit<Shortcut, 'command'>]>).map(
  ([command, s]) => ({ command, ...s }),
);

/** The first key combination of a command, for tooltips and menus. */
export function keysOf(command: CommandId): string {
  return TABLE[command].keys[0] as string;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function displayKeys(keys: string): string {
  return keys.replace('Mod', isMac ? '⌘' : 'Ctrl').replace('Alt', isMac ? '⌥' : 'Alt');
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key event matches a shortcut like "Mod+Shift+Z" or "Mod+Alt+B". */
export function matches(e: KeyLike, combo: string): boolean {
  const parts = combo.split('+');
  const key = parts[parts.length - 1] as string;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  const alt = parts.includes('Alt');
  const hasMod = isMac ? e.metaKey : e.ctrlKey;
  if (mod !== hasMod || alt !== e.altKey) return false;
  if (key === '?') return e.key === '?';
  if (shift !== e.shiftKey) return false;
  if (/^\d$/.test(key)) return e.code === `Digit${key}` || e.key === key;
  // With Alt, macOS types a different character (⌥B is "∫"): match the physical key.
  if (alt && /^[A-Z]$/i.test(key) && e.code) return e.code === `Key${key.toUpperCase()}`;
  return e.key.toLowerCase() === key.toLowerCase();
}

export function commandFor(e: KeyLike): CommandId | undefined {
  for (const s of SHORTCUTS) if (s.keys.some((k) => matches(e, k))) return s.command;
  return undefined;
}
