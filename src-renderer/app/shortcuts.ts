/**
 * Keyboard shortcuts as data: the key handler and the help overlay (`?`) both read this
 * list, so the overlay can never drift from what the keys do.
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
  | 'problems';

export interface Shortcut {
  command: CommandId;
  /** Display form, with "Mod" shown as Ctrl or ⌘. */
  keys: string[];
  description: string;
  group: 'Edit' | 'Canvas' | 'File' | 'View';
}

export const SHORTCUTS: Shortcut[] = [
  { command: 'undo', keys: ['Mod+Z'], description: 'Undo', group: 'Edit' },
  { command: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], description: 'Redo', group: 'Edit' },
  { command: 'copy', keys: ['Mod+C'], description: 'Copy selection (also to other workflows)', group: 'Edit' },
  { command: 'cut', keys: ['Mod+X'], description: 'Cut selection', group: 'Edit' },
  { command: 'paste', keys: ['Mod+V'], description: 'Paste', group: 'Edit' },
  { command: 'duplicate', keys: ['Mod+D'], description: 'Duplicate selection', group: 'Edit' },
  { command: 'delete', keys: ['Delete', 'Backspace'], description: 'Delete selection', group: 'Edit' },
  { command: 'selectAll', keys: ['Mod+A'], description: 'Select all', group: 'Edit' },
  { command: 'deselect', keys: ['Escape'], description: 'Clear selection / close dialog', group: 'Edit' },
  { command: 'search', keys: ['Mod+K'], description: 'Find a node by name', group: 'Canvas' },
  { command: 'layout', keys: ['Shift+L'], description: 'Auto-layout', group: 'Canvas' },
  { command: 'fit', keys: ['Shift+1'], description: 'Fit the workflow in view', group: 'Canvas' },
  { command: 'zone', keys: ['Mod+G'], description: 'Put the selection in a new zone', group: 'Canvas' },
  { command: 'save', keys: ['Mod+S'], description: 'Save', group: 'File' },
  { command: 'saveAs', keys: ['Mod+Shift+S'], description: 'Save as…', group: 'File' },
  { command: 'open', keys: ['Mod+O'], description: 'Open…', group: 'File' },
  { command: 'export', keys: ['Mod+E'], description: 'Export the runnable spec', group: 'File' },
  { command: 'specView', keys: ['Mod+J'], description: 'Toggle inspector / spec JSON', group: 'View' },
  { command: 'problems', keys: ['Mod+Shift+M'], description: 'Toggle the problems panel', group: 'View' },
  { command: 'help', keys: ['?'], description: 'Show these shortcuts', group: 'View' },
];

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function displayKeys(keys: string): string {
  return keys.replace('Mod', isMac ? '⌘' : 'Ctrl');
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key event matches a shortcut like "Mod+Shift+Z". */
export function matches(e: KeyLike, combo: string): boolean {
  const parts = combo.split('+');
  const key = parts[parts.length - 1] as string;
  const mod = parts.includes('Mod');
  const shift = parts.includes('Shift');
  const hasMod = isMac ? e.metaKey : e.ctrlKey;
  if (mod !== hasMod || e.altKey) return false;
  if (key === '?') return e.key === '?';
  if (shift !== e.shiftKey) return false;
  if (/^\d$/.test(key)) return e.code === `Digit${key}` || e.key === key;
  return e.key.toLowerCase() === key.toLowerCase();
}

export function commandFor(e: KeyLike): CommandId | undefined {
  for (const s of SHORTCUTS) if (s.keys.some((k) => matches(e, k))) return s.command;
  return undefined;
}
