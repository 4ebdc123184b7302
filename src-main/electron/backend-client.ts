/**
 * Main-process side of the backend utility process: forks it, relays calls by id, shows
 * native dialogs it asks for, and forwards its pushes. If the process dies, calls in
 * flight fail with a clear error and the next call starts a fresh process, so one crash
 * does not leave the window with a dead API.
 */
import type { SecretStore } from '../host/secret-store';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { DispatchResult } from '../host/api-service';
import type { NativeDialogs } from '../host/documents';
import type { ServerPush } from '../host/events';
import { FromBackendSchema, type ToBackend } from './backend-protocol';

export interface BackendOptions {
  /** The bundled backend entry (dist/electron/backend.cjs). */
  modulePath: string;
  dataDir: string;
  examplesDir: string;
  dialogs: NativeDialogs;
  /** The encrypted secret store (main process only); its values are sent to the backend at init. */
  secrets?: SecretStore;
  log?: (line: string) => void;
}

export interface BackendClient {
  /** Relays one (unvalidated) call; the backend validates it. Never rejects. */
  call(method: unknown, params: unknown): Promise<DispatchResult>;
  /** Receives engine events and notices published in the backend. */
  onPush(listener: (push: ServerPush) => void): () => void;
  /** Stops the process; pending calls fail. */
  dispose(): void;
}

/** Forks the backend now (utilityProcess needs the app to be ready) and returns its client. */
export function startBackend(opts: BackendOptions): BackendClient {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const pending = new Map<number, (r: DispatchResult) => void>();
  const listeners = new Set<(push: ServerPush) => void>();
  let child: UtilityProcess | undefined;
  let nextId = 1;
  let disposed = false;

  const post = (c: UtilityProcess, msg: ToBackend): void => c.postMessage(msg);

  function failPending(message: string): void {
    for (const resolve of pending.values()) resolve({ error: { code: 'internal', message } });
    pending.clear();
  }

  function spawn(): UtilityProcess {
    const c = utilityProcess.fork(opts.modulePath, [], { serviceName: 'Waymark backend', stdio: 'inherit' });
    c.on('message', (data: unknown) => {
      const parsed = FromBackendSchema.safeParse(data);
      if (!parsed.success) return log(`main: ignored a malformed backend message: ${parsed.error.message}`);
      const msg = parsed.data;
      switch (msg.type) {
        case 'ready':
          return;
        case 'reply': {
          const resolve = pending.get(msg.id);
          pending.delete(msg.id);
          resolve?.(msg.error ? { error: msg.error } : { result: msg.result });
          return;
        }
        case 'dialog': {
          const shown =
            msg.kind === 'open'
              ? opts.dialogs.showOpen()
              : opts.dialogs.showSave(msg.defaultName ? { defaultName: msg.defaultName } : {});
          void shown.catch(() => null).then((path) => post(c, { type: 'dialog-result', id: msg.id, path }));
          return;
        }
        case 'push': {
          for (const l of [...listeners]) l(msg.push);
          return;
        }
        case 'secret-set':
        case 'secret-delete': {
          try {
            if (msg.type === 'secret-set') opts.secrets?.set(msg.name, msg.value);
            else opts.secrets?.delete(msg.name);
          } catch (e) {
            log(`main: could not save secret ${msg.name}: ${e instanceof Error ? e.message : String(e)}`);
          }
          return;
        }
        default: {
          const never: never = msg;
          return never;
        }
      }
    });
    c.on('exit', (code: number) => {
      if (child === c) child = undefined;
      if (!disposed) log(`main: the backend process exited (code ${code})`);
      failPending('the backend process stopped; try again');
    });
    const store = opts.secrets;
    const secrets = (store?.list() ?? []).flatMap((info) => {
      const value = store?.get(info.name);
      return value === undefined ? [] : [{ name: info.name, value, updatedAt: info.updatedAt }];
    });
    post(c, {
      type: 'init',
      dataDir: opts.dataDir,
      examplesDir: opts.examplesDir,
      secrets,
      secretStatus: store?.status() ?? { encrypted: false },
    });
    return c;
  }

  child = spawn();

  return {
    call(method, params) {
      if (disposed) return Promise.resolve({ error: { code: 'internal', message: 'the app is shutting down' } });
      child ??= spawn();
      const c = child;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        post(c, { type: 'call', id, method, params });
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      child?.kill();
      child = undefined;
      failPending('the app is shutting down');
    },
  };
}
