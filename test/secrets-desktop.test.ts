// The desktop secret store: ciphertext only on disk (safeStorage), names only in listings,
// a warning and no plaintext file when the OS has no secret store.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFakeElectron } from './fakes/electron';
import { tempDir } from './helpers/cli';

vi.mock('electron', () => import('./fakes/electron'));
const { openDesktopSecretStore, SecretStoreError } = await import('../src-main/electron/secrets');
const { secretsPortOf } = await import('../src-main/host/secret-store');

const VALUE = 'sk-live-0123456789abcdef';
let file: string;
beforeEach(() => {
  resetFakeElectron();
  file = path.join(tempDir('waymark-desk-secrets-'), 'secrets.json');
});

describe('desktop secret store (safeStorage)', () => {
  it('stores ciphertext only, readable again after a restart; lists names, never values', () => {
    const warn = vi.fn();
    const store = openDesktopSecretStore({ file, warn, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(store.status()).toEqual({ encrypted: true });
    store.set('OPENAI_API_KEY', VALUE);
    store.set('ORDERS_TOKEN', 'tok-9f8e7d6c');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(VALUE);
    expect(onDisk).not.toContain('tok-9f8e7d6c');
    expect(JSON.parse(onDisk).secrets.OPENAI_API_KEY).toEqual({
      cipher: expect.any(String),
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(store.list())).not.toContain(VALUE);
    expect(store.list()).toEqual([
      { name: 'OPENAI_API_KEY', updatedAt: '2026-01-02T03:04:05.000Z' },
      { name: 'ORDERS_TOKEN', updatedAt: '2026-01-02T03:04:05.000Z' },
    ]);
    const again = openDesktopSecretStore({ file });
    expect(again.get('OPENAI_API_KEY')).toBe(VALUE);
    expect(again.delete('ORDERS_TOKEN')).toBe(true);
    expect(again.delete('ORDERS_TOKEN')).toBe(false);
    expect(
      openDesktopSecretStore({ file })
        .list()
        .map((s) => s.name),
    ).toEqual(['OPENAI_API_KEY']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('without an OS secret store: warns, keeps values for the session only, writes nothing', () => {
    fake.safeStorageAvailable = false;
    const warn = vi.fn();
    const store = openDesktopSecretStore({ file, warn });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no secret store'));
    expect(store.status()).toMatchObject({ encrypted: false, warning: expect.stringContaining('not saved') });
    store.set('OPENAI_API_KEY', VALUE);
    expect(store.get('OPENAI_API_KEY')).toBe(VALUE);
    expect(existsSync(file)).toBe(false);
    expect(openDesktopSecretStore({ file }).get('OPENAI_API_KEY')).toBeUndefined();
  });

  it("warns about Linux's basic_text backend (a built-in key) but still works", () => {
    fake.safeStorageBackend = 'basic_text';
    const store = openDesktopSecretStore({ file });
    expect(store.status()).toMatchObject({ encrypted: true, warning: expect.stringContaining('keyring') });
    store.set('K', VALUE);
    expect(store.get('K')).toBe(VALUE);
  });

  it('refuses bad names and foreign files; undecryptable values name the secret, not the bytes', () => {
    const store = openDesktopSecretStore({ file });
    expect(() => store.set('bad name', 'x')).toThrow(SecretStoreError);
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        secrets: { STOLEN: { cipher: Buffer.from('garbage').toString('base64'), updatedAt: 'x' } },
      }),
    );
    expect(() => openDesktopSecretStore({ file }).get('STOLEN')).toThrow(
      /secret "STOLEN" cannot be decrypted on this system/,
    );
    writeFileSync(file, '{"hello": 1}');
    expect(() => openDesktopSecretStore({ file })).toThrow(/not a Waymark secrets file/);
  });

  it('feeds the engine through a SecretsPort, the environment answering for the rest', () => {
    const store = openDesktopSecretStore({ file });
    store.set('A_KEY', VALUE);
    const port = secretsPortOf(store, { get: (n) => (n === 'FROM_ENV' ? 'env-value' : undefined) });
    expect([port.get('A_KEY'), port.get('FROM_ENV'), port.get('NOPE')]).toEqual([VALUE, 'env-value', undefined]);
  });
});
