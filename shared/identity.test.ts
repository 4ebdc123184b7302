import { describe, expect, it } from 'vitest';
import { describeDecider, isReservedName, readableName } from './identity';

describe('reserved names', () => {
  it('refuses the engine names in any case, width, accent or with invisible characters', () => {
    for (const n of [
      'system:timeout',
      'System:timeout',
      'SYSTEM:TIMEOUT',
      'sYsTeM:anything',
      ' system:timeout',
      'system :timeout',
      'ｓｙｓｔｅｍ：timeout', // fullwidth letters and colon
      'sys\u200btem:timeout', // zero-width space
      'sy\u00adstem:timeout', // soft hyphen
      'sýstem:timeout', // accent
      'System',
      'ENGINE',
    ])
      expect(isReservedName(n), JSON.stringify(n)).toBe(true);
  });

  it('lets ordinary names through', () => {
    for (const n of ['alice', 'Systems Team', 'system-admin', 'engineer', 'Zoë', 'timeout:system', 'José García'])
      expect(isReservedName(n), n).toBe(false);
  });

  it('folds names the way a reader sees them', () => {
    expect(readableName('Ｚｏë\u200d')).toBe('zoe');
  });
});

describe('describeDecider', () => {
  it('puts the typed name first and the OS account beside it', () => {
    expect(describeDecider('alice', 'asmith')).toBe('alice (OS account asmith)');
    expect(describeDecider('alice', 'alice')).toBe('alice');
    expect(describeDecider('alice')).toBe('alice');
  });
});
