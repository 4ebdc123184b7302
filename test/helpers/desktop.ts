/**
 * The desktop backend in-process, for tests with the fake `electron` module: what a forked
 * utility process would run, and main's encrypted secret store without safeStorage.
 */
import { serveBackend } from '../../src-main/electron/backend-process';
import type { ApiService } from '../../src-main/host/api-service';
import type { SecretStore } from '../../src-main/host/secret-store';
import type { FakeUtilityProcess } from '../fakes/electron';

/**
 * Runs `serveBackend` "inside" a forked fake process: messages cross it structured-cloned
 * and asynchronously, as across a real process boundary. Returns the backend's handle.
 */
export function serveInFakeProcess(
  child: FakeUtilityProcess,
  log: (line: string) => void = () => {},
): { service(): ApiService | undefined } {
  return serveBackend(
    {
      postMessage: (m) => {
        const copy = structuredClone(m);
        queueMicrotask(() => child.emit('message', copy));
      },
      on: (_event, listener) => (child.onPost = (data) => listener({ data })),
    },
    log,
  );
}

/** Main's encrypted store, in memory: what safeStorage would persist. */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    list: () => [...values.keys()].sort().map((name) => ({ name, updatedAt: '2026-11-21T00:00:00.000Z' })),
    set: (n, v) => void values.set(n, v),
    delete: (n) => values.delete(n),
    get: (n) => values.get(n),
    status: () => ({ encrypted: true }),
  };
}
