/**
 * The desktop secret store: values encrypted with Electron's `safeStorage` (the OS keychain
 * on macOS, DPAPI on Windows, libsecret/kwallet on Linux) in `secrets.json` under userData.
 * The file holds names, update times and ciphertext only.
 *
 * When the OS offers no secret store (`isEncryptionAvailable()` is false), nothing is
 * written: secrets set in this session are kept in memory until the app quits, and
 * `status().warning` says so, for the UI to show. Linux's `basic_text` backend (a hardcoded
 * key, i.e. obfuscation) is treated as "encrypted but weak": it works, with a warning.
 *
 * safeStorage is only usable in the main process, so this store lives there.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { SECRET_NAME, type SecretInfo, type SecretStore, type SecretStoreStatus } from '../host/secret-store';

/** The part of `safeStorage` this store uses (tests pass the fake's). */
export type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

interface FileEntry {
  /** base64 of safeStorage ciphertext. */
  cipher: string;
  updatedAt: string;
}

interface SecretsFile {
  version: 1;
  secrets: Record<string, FileEntry>;
}

/** A secrets file that cannot be used (unreadable, not ours, or from another OS account). */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

export interface DesktopSecretStoreOptions {
  /** The JSON file (normally `<userData>/secrets.json`). */
  file: string;
  storage?: SafeStorageLike;
  now?: () => Date;
  /** Told once when secrets cannot be protected at rest. */
  warn?: (message: string) => void;
}

/** Writes then renames, so a crash leaves the old file or the new one; 0600, owner only. */
function writeAtomicSync(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Opens (or starts) the store; see the module comment. */
export function openDesktopSecretStore(opts: DesktopSecretStoreOptions): SecretStore {
  const storage = opts.storage ?? safeStorage;
  const now = opts.now ?? (() => new Date());
  const available = storage.isEncryptionAvailable();
  const backend = storage.getSelectedStorageBackend?.();
  const status: SecretStoreStatus = !available
    ? {
        encrypted: false,
        warning:
          'This system has no secret store (keychain, keyring or DPAPI) that Waymark can use: secrets are kept in memory until Waymark quits and are not saved.',
      }
    : backend === 'basic_text'
      ? {
          encrypted: true,
          warning:
            'No system keyring was found (libsecret or kwallet): secrets are saved with a built-in key, which only hides them from casual reading. Install and unlock a keyring for real protection.',
        }
      : { encrypted: true };
  if (status.warning) opts.warn?.(status.warning);

  const entries = new Map<string, FileEntry>();
  /** Values set while encryption is unavailable: this session only. */
  const session = new Map<string, { value: string; updatedAt: string }>();
  let text: string | undefined;
  try {
    text = readFileSync(opts.file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new SecretStoreError(`cannot read ${opts.file}: ${(e as Error).message}`);
  }
  if (text !== undefined) {
    const data = JSON.parse(text) as Partial<SecretsFile>;
    if (data.version !== 1 || typeof data.secrets !== 'object' || data.secrets === null)
      throw new SecretStoreError(`${opts.file} is not a Waymark secrets file (version 1)`);
    for (const [name, e] of Object.entries(data.secrets))
      if (SECRET_NAME.test(name) && typeof e?.cipher === 'string') entries.set(name, e);
  }

  const save = (): void => {
    const secrets: Record<string, FileEntry> = {};
    for (const [name, e] of [...entries].sort(([a], [b]) => a.localeCompare(b))) secrets[name] = e;
    writeAtomicSync(opts.file, `${JSON.stringify({ version: 1, secrets } satisfies SecretsFile, null, 2)}\n`);
  };
  const checkName = (name: string): void => {
    if (!SECRET_NAME.test(name))
      throw new SecretStoreError(`"${name}" is not a valid secret name: a letter or _, then letters, digits and _`);
  };

  return {
    status: () => ({ ...status }),
    list() {
      const names = new Map<string, string>();
      for (const [n, e] of entries) names.set(n, e.updatedAt);
      for (const [n, e] of session) names.set(n, e.updatedAt);
      return [...names]
        .map(([name, updatedAt]): SecretInfo => ({ name, updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    set(name, value) {
      checkName(name);
      const updatedAt = now().toISOString();
      if (!available) {
        session.set(name, { value, updatedAt });
        return;
      }
      entries.set(name, { cipher: storage.encryptString(value).toString('base64'), updatedAt });
      save();
    },
    delete(name) {
      const had = session.delete(name) || entries.has(name);
      if (entries.delete(name)) save();
      return had;
    },
    get(name) {
      const s = session.get(name);
      if (s) return s.value;
      const e = entries.get(name);
      if (!e || !available) return undefined;
      try {
        return storage.decryptString(Buffer.from(e.cipher, 'base64'));
      } catch (err) {
        // Ciphertext from another OS account or machine: say which secret, never any bytes.
        throw new SecretStoreError(
          `secret "${name}" cannot be decrypted on this system (${(err as Error).message.split('.')[0]}); set it again`,
        );
      }
    },
  };
}
