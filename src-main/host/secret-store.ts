/**
 * Where the desktop app keeps secrets, as the rest of the backend sees it. The renderer
 * only ever learns names (`list`) and can only write (`set`, `delete`); values leave the
 * store only through {@link secretsPortOf}, into the engine, which redacts them from
 * everything it records (engine/redact.ts).
 *
 * The Electron implementation (electron/secrets.ts) encrypts with the OS secret store;
 * headless hosts use environment variables or a file (connectors/secrets.ts) instead.
 */
import type { SecretsPort } from '../engine/ports';

/** A stored secret, without its value. */
export interface SecretInfo {
  name: string;
  /** ISO-8601 time of the last `set`. */
  updatedAt: string;
}

/** Whether values are protected at rest, and what to tell the user when they are not. */
export interface SecretStoreStatus {
  encrypted: boolean;
  /** Shown to the user when secrets are not (well) protected, e.g. no OS keyring. */
  warning?: string;
}

export interface SecretStore {
  /** Names and update times, sorted by name. Never values. */
  list(): SecretInfo[];
  /** Stores (or replaces) a value. */
  set(name: string, value: string): void;
  /** Removes a secret; false when there was none. */
  delete(name: string): boolean;
  /** The value, for the engine only. */
  get(name: string): string | undefined;
  status(): SecretStoreStatus;
}

/** Secret names as specs reference them: a letter or _, then letters, digits and _. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The engine's view of a store: values by name, `fallback` (e.g. the environment) for the rest. */
export function secretsPortOf(store: Pick<SecretStore, 'get'>, fallback?: SecretsPort): SecretsPort {
  return { get: (name) => store.get(name) ?? fallback?.get(name) };
}
