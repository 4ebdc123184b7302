/**
 * The backend utility process: the API service, the engine and its synchronous SQLite
 * store run here, off Electron's main thread, so a long validation or
 * a checkpoint write never freezes the window. The main process relays renderer calls to
 * it over `process.parentPort`; native dialogs, which only main can show, are requested
 * back over the same port.
 *
 * Bundled to dist/electron/backend.cjs and started with `utilityProcess.fork`.
 */
import type {} from 'electron'; // types for process.parentPort only; no runtime import here
import { createApiService, type ApiService } from '../host/api-service';
import { telemetryFromEnv } from '../telemetry';
import { relaySecretStore } from './relay-secrets';
import type { NativeDialogs } from '../host/documents';
import { FromBackendSchema, ToBackendSchema, type BackendPort, type FromBackend } from './backend-protocol';

/** Serves API calls arriving on `port`. Returns a handle for tests. */
export function serveBackend(
  port: BackendPort,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): { service(): ApiService | undefined } {
  let service: ApiService | undefined;
  let nextDialog = 1;
  const dialogWaiters = new Map<number, (path: string | null) => void>();
  const send = (msg: FromBackend): void => port.postMessage(FromBackendSchema.parse(msg));

  // Dialogs are asked of main and answered by id; the call that needed them just awaits.
  const ask = (kind: 'open' | 'save', defaultName?: string): Promise<string | null> =>
    new Promise((resolve) => {
      const id = nextDialog++;
      dialogWaiters.set(id, resolve);
      send({ type: 'dialog', id, kind, ...(defaultName ? { defaultName } : {}) });
    });
  const dialogs: NativeDialogs = { showOpen: () => ask('open'), showSave: (o) => ask('save', o.defaultName) };

  port.on('message', (e) => {
    const parsed = ToBackendSchema.safeParse(e.data);
    if (!parsed.success) return log(`backend: ignored a malformed message: ${parsed.error.message}`);
    const msg = parsed.data;
    switch (msg.type) {
      case 'init': {
        const telemetry = telemetryFromEnv(process.env, (line) => log(`backend: ${line}`));
        service = createApiService({
          dataDir: msg.dataDir,
          examplesDir: msg.examplesDir,
          dialogs,
          secretStore: relaySecretStore(msg.secrets, msg.secretStatus, (change) => send(change)),
          onInternalError: (method, err) =>
            log(
              `backend: internal error in ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
            ),
          // The engine and its SQLite store (<dataDir>/waymark.db) live here, off main's thread.
          log: (line) => log(`backend: ${line}`),
          // OpenTelemetry export from the standard OTEL_* variables the app was started with.
          ...(telemetry ? { runs: { runtime: { telemetry } } } : {}),
        });
        service.events.subscribe((push) => send({ type: 'push', push }));
        send({ type: 'ready' });
        return;
      }
      case 'call': {
        const s = service;
        if (!s)
          return send({
            type: 'reply',
            id: msg.id,
            error: { code: 'internal', message: 'the backend is not initialised yet' },
          });
        void s.dispatch(msg.method, msg.params).then((r) => send({ type: 'reply', id: msg.id, ...r }));
        return;
      }
      case 'dialog-result': {
        const waiter = dialogWaiters.get(msg.id);
        dialogWaiters.delete(msg.id);
        waiter?.(msg.path);
        return;
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  });
  return { service: () => service };
}

// Entry point: only when actually running as an Electron utility process.
if (process.parentPort) serveBackend(process.parentPort);
