/**
 * Picks the transport: the Electron preload bridge when present, otherwise the web host's
 * WebSocket. Everything else in the renderer sees only `WaymarkApi`.
 */
import type { WaymarkApi } from '../../shared/api';
import { createElectronClient } from './electron-client';
import { browserTokenEnv, takeSessionToken } from './session-token';
import { apiUrlFromLocation, createWsClient, type ConnectionStatus } from './ws-client';

import type { AppNotice } from '../../shared/notices';
import { parseNotice } from './protocol';

export { ApiError } from './protocol';
export type { ConnectionStatus } from './ws-client';

let api: WaymarkApi | undefined;
let subscribeNotices: ((cb: (notice: unknown) => void) => () => void) | undefined;
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

export function getApi(): WaymarkApi {
  if (api) return api;
  if (isDesktop() && window.waymark) {
    const bridge = window.waymark;
    api = createElectronClient(bridge);
    subscribeNotices = bridge.onNotice
      ? (cb) => (bridge.onNotice as NonNullable<typeof bridge.onNotice>)(cb)
      : undefined;
    status = 'open';
  } else {
    const ws = createWsClient({
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
    });
    api = ws;
    subscribeNotices = (cb) => ws.onNotice(cb);
  }
  return api;
}

/** App notices (menu commands, files opened from the OS), validated; returns an unsubscribe. */
export function onNotice(cb: (notice: AppNotice) => void): () => void {
  getApi();
  if (!subscribeNotices) return () => undefined;
  return subscribeNotices((raw) => {
    const n = parseNotice(raw);
    if (n) cb(n);
  });
}

/** Connection status (always "open" in the desktop app); `unauthorized` when the host refused the token. */
export function onConnectionStatus(cb: (s: ConnectionStatus) => void): () => void {
  getApi();
  statusListeners.add(cb);
  cb(status);
  return () => statusListeners.delete(cb);
}
