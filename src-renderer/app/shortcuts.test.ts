import { describe, expect, it } from 'vitest';
import { commandFor, keysOf, SHORTCUT_GROUPS, SHORTCUTS, type CommandId } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; code: string }> = {}) => ({
  key: k,
  code: mods.code,
  ctrlKey: !!mods.ctrl,
  metaKey: false,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('shortcuts', () => {
  it('maps the documented keys to commands', () => {
    expect(commandFor(key('z', { ctrl: true }))).toBe('undo');
    expect(commandFor(key('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(commandFor(key('y', { ctrl: true }))).toBe('redo');
    expect(commandFor(key('d', { ctrl: true }))).toBe('duplicate');
    expect(commandFor(key('k', { ctrl: true }))).toBe('search');
    expect(commandFor(key('?', { shift: true }))).toBe('help');
    expect(commandFor(key('!', { shift: true, code: 'Digit1' }))).toBe('fit');
    expect(commandFor(key('Delete'))).toBe('delete');
    expect(commandFor(key('z'))).toBeUndefined();
  });

  it('has the debugger, governance and panel keys', () => {
    expect(commandFor(key('F5'))).toBe('runOrContinue');
    expect(commandFor(key('F5', { shift: true }))).toBe('stopRun');
    expect(commandFor(key('F10'))).toBe('stepRun');
    expect(commandFor(key('F9'))).toBe('breakpoint');
    expect(commandFor(key('P', { shift: true }))).toBe('policyView');
    expect(commandFor(key('b', { ctrl: true }))).toBe('palette');
    // Alt changes the character on macOS; the physical key decides.
    expect(commandFor(key('∫', { ctrl: true, alt: true, code: 'KeyB' }))).toBe('inspector');
    expect(commandFor(key('b', { ctrl: true, alt: true, code: 'KeyB' }))).toBe('inspector');
    expect(commandFor(key('p'))).toBeUndefined(); // Shift+P only
  });

  it('lists every command once in the sheet, in a shown group, with its keys', () => {
    const ids = SHORTCUTS.map((s) => s.command);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SHORTCUTS) {
      expect(SHORTCUT_GROUPS).toContain(s.group);
      expect(s.keys.length).toBeGreaterThan(0);
      expect(s.description).toMatch(/^[A-Z]/);
      // Each listed key really triggers its command.
      for (const combo of s.keys) {
        const parts = combo.split('+');
        const k = parts.at(-1) as string;
        const e = key(k === '1' ? '!' : k, {
          ctrl: parts.includes('Mod'),
          shift: parts.includes('Shift') || k === '?',
          alt: parts.includes('Alt'),
          ...(k.length === 1 ? { code: /\d/.test(k) ? `Digit${k}` : `Key${k.toUpperCase()}` } : {}),
        });
        expect(commandFor(e), combo).toBe(s.command);
      }
    }
    expect(keysOf('export' as CommandId)).toBe('Mod+E');
  });
});
