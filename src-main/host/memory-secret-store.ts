/**
 * The web host's secret store: values typed into the editor are kept in this process's
 * memory only — never written to disk, gone when `waymark serve` / `npm run web` stops —
 * and environment variables (or `--secrets-file`) still supply the rest. The editor says
 * so next to every value it asks for. The desktop app encrypts with the OS keychain
 * instead (electron/secrets.ts).
 */
import type { SecretInfo, SecretStore } from './secret-store';
import { SECRET_NAME } from './secret-store';
import { ApiError } from './errors';

export const MEMORY_STORE_WARNING =
  'This web host keeps the secrets you enter in its memory only, until it stops: they are not saved. To keep one, set it as an environment variable of the same name (or in a --secrets-file) where it runs.';

export function memorySecretStore(now: () => Date = () => new Date()): SecretStore {
  const values = new Map<string, { value: string; updatedAt: string }>();
  return {
    list: (): SecretInfo[] =>
      [...values.entries()]
        .map(([name, v]) => ({ name, updatedAt: v.updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    set(name, value) {
      if (!SECRET_NAME.test(name))
        throw new ApiError('invalid_params', `"${name}" is not a secret name (letters, digits and _)`);
      values.set(name, { value, updatedAt: now().toISOString() });
    },
    delete: (name) => values.delete(name),
    get: (name) => values.get(name)?.value,
    status: () => ({ encrypted: false, warning: MEMORY_STORE_WARNING }),
  };
}
