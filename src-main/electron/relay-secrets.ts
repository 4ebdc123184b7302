/**
 * The backend's side of desktop secrets. safeStorage only works in Electron's main process,
 * so main decrypts the stored secrets once and sends them at init; the backend keeps them in
 * memory for the engine and forwards every change back to main, which persists it encrypted.
 * Values cross only this local structured-clone channel — never the renderer.
 */
import type { SecretInfo, SecretStore, SecretStoreStatus } from '../host/secret-store';

export function relaySecretStore(
  initial: ReadonlyArray<{ name: string; value: string; updatedAt: string }>,
  status: SecretStoreStatus,
  persist: (
    change: { type: 'secret-set'; name: string; value: string } | { type: 'secret-delete'; name: string },
  ) => void,
): SecretStore {
  const values = new Map(initial.map((s) => [s.name, { value: s.value, updatedAt: s.updatedAt }]));
  return {
    list: (): SecretInfo[] =>
      [...values.entries()]
        .map(([name, v]) => ({ name, updatedAt: v.updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    set(name, value) {
      values.set(name, { value, updatedAt: new Date().toISOString() });
      persist({ type: 'secret-set', name, value });
    },
    delete(name) {
      const had = values.delete(name);
      if (had) persist({ type: 'secret-delete', name });
      return had;
    },
    get: (name) => values.get(name)?.value,
    status: () => status,
  };
}
