/**
 * Secrets over the API: names and whether each has a value — never a value. In the desktop
 * app a SecretStore (Electron safeStorage) holds them and `set`/`delete` work; in the web
 * host and headless use they come from the environment (or `--secrets-file`), so the API
 * lists them but says how to provide one rather than storing it.
 */
import type { ApiMethodIn } from '../../shared/api';
import type { SecretsPort } from '../engine/ports';
import { ApiError } from './errors';
import type { SecretStore } from './secret-store';

import type { ApiHandlers } from './api-types';

/** The `secrets.*` handlers. */
export type SecretsHandlers = Pick<ApiHandlers, ApiMethodIn<'secrets'>>;

export function createSecretsHandlers(store: SecretStore | undefined, environment: SecretsPort): SecretsHandlers {
  const headless = () =>
    new ApiError(
      'forbidden',
      'this backend reads secrets from its environment: set them as environment variables (or in a --secrets-file) of `waymark serve`, then restart it',
    );
  return {
    async 'secrets.list'({ names }) {
      const stored = new Map((store?.list() ?? []).map((s) => [s.name, s]));
      const all = [...new Set([...names, ...stored.keys()])].sort();
      const status = store?.status();
      return {
        writable: !!store,
        encrypted: status?.encrypted ?? false,
        ...(status?.warning ? { warning: status.warning } : {}),
        secrets: all.map((name) => {
          const s = stored.get(name);
          if (s) return { name, source: 'store' as const, updatedAt: s.updatedAt };
          return {
            name,
            source: environment.get(name) !== undefined ? ('environment' as const) : ('missing' as const),
          };
        }),
      };
    },
    async 'secrets.set'({ name, value }) {
      if (!store) throw headless();
      store.set(name, value);
      return { ok: true };
    },
    async 'secrets.delete'({ name }) {
      if (!store) throw headless();
      return { deleted: store.delete(name) };
    },
  };
}
