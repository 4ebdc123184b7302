import { describe, expect, it } from 'vitest';
import { commandFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrl: boolean; shift: boolean; code: string }> = {}) => ({
  key: k,
  code: mods.code,
  ctrlKey: !!mods.ctrl,
  metaKey: false,
  shiftKey: !!mods.shift,
  altKey: false,
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
});
