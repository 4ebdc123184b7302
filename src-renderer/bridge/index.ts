/**
 * Picks the transport: the Electron preload bridge when present, otherwise the web host's
 * WebSocket. Everything else in the renderer sees only `WaymarkApi`.
 */
import type { WaymarkApi } from '../../shared/api';
import { createElectronClient } from './electron-client';
import { apiUrlFromLocation, createWsClient, type ConnectionStatus } from './ws-client';

import type { AppNotice } from '../../shared/notices';
import { parseNotice } from './protocol';

export { ApiError } from './protocol';

let api: WaymarkApi | undefined;
let subscribeNotices: ((cb: (notice: unknown) => void) => () => void) | undefined;
const statusListeners = new Set<(s: ConnectionStatus) => void>();
let status: ConnectionStatus = 'connecting';

/** True inside the desktop app (native dialogs exist there). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.waymark !== undefined;
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
      url: apiUrlFromLocation(window.location),
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

/** Connection status for the status bar (always "open" in the desktop app). */
export function onConnectionStatus(cb: (s: ConnectionStatus) => void): () => void {
  statusListeners.add(cb);
  cb(status);
  return () => statusListeners.delete(cb);
}
