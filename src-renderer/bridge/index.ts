/**
 * The renderer's API: one typed client generated from the contract (shared/api-client.ts),
 * over the Electron preload bridge when present, otherwise the web host's WebSocket. The
 * rest of the renderer imports `api` and calls `api.runs.start({...})`; it never sees a
 * transport, and everything it receives has been checked against the contract.
 */
import { createApiClient, type ApiClient, type ApiTransport } from '../../shared/api-client';
import { createElectronTransport } from './electron-transport';
import { browserTokenEnv, takeSessionToken } from './session-token';
import { apiUrlFromLocation, createWsTransport, type ConnectionStatus } from './ws-transport';

export { ApiError } from '../../shared/api-errors';
export type { ConnectionStatus } from './ws-transport';

let transport: ApiTransport | undefined;
const statusListeners = new Set<(s: ConnectionStatus) => void>();
let status: ConnectionStatus = 'connecting';

/** True inside the desktop app (native dialogs exist there). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.waymark !== undefined;
}

/**
 * Takes the web host's token out of the address bar as early as possible (call before the
 * first render). Nothing to do in the desktop app.
 */
export function initSession(): void {
  if (!isDesktop()) takeSessionToken(browserTokenEnv());
}

/** The transport, chosen and connected on first use. */
function connected(): ApiTransport {
  if (transport) return transport;
  if (window.waymark) {
    status = 'open';
    transport = createElectronTransport(window.waymark);
  } else {
    transport = createWsTransport({
      url: apiUrlFromLocation(window.location, takeSessionToken(browserTokenEnv())),
      probe: () =>
        fetch('/', { method: 'HEAD', cache: 'no-store' }).then(
          (r) => r.ok,
          () => false,
        ),
      onStatus: (s) => {
        status = s;
        for (const l of statusListeners) l(s);
      },
      onBadFrame: (problem) => console.warn(`Waymark: ignored a message from the host: ${problem}`),
    });
  }
  return transport;
}

const lazyTransport: ApiTransport = {
  request: (method, params) => connected().request(method, params),
  onEvent: (listener) => connected().onEvent(listener),
  onNotice: (listener) => connected().onNotice(listener),
};

/** The API, typed from the contract: `api.runs.start({ text })`, `api.examples.list()`, … */
export const api: ApiClient = createApiClient(lazyTransport, {
  onBadPush: (problem) => console.warn(`Waymark: ignored a push that does not match the API contract: ${problem}`),
});

/** Connection status (always "open" in the desktop app); `unauthorized` when the host refused the token. */
export function onConnectionStatus(cb: (s: ConnectionStatus) => void): () => void {
  connected();
  statusListeners.add(cb);
  cb(status);
  return () => statusListeners.delete(cb);
}
