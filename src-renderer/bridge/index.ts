/**
 * Picks the transport: the Electron preload bridge when present, otherwise the web host's
 * WebSocket. Everything else in the renderer sees only `WaymarkApi`.
 */
import type { WaymarkApi } from '../../shared/api';
import { createElectronClient } from './electron-client';
import { apiUrlFromLocation, createWsClient, type ConnectionStatus } from './ws-client';

export { ApiError } from './protocol';

let api: WaymarkApi | undefined;
const statusListeners = new Set<(s: ConnectionStatus) => void>();
let status: ConnectionStatus = 'connecting';

/** True inside the desktop app (native dialogs exist there). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.waymark !== undefined;
}

export function getApi(): WaymarkApi {
  if (api) return api;
  if (isDesktop() && window.waymark) {
    api = createElectronClient(window.waymark);
    status = 'open';
  } else {
    api = createWsClient({
      url: apiUrlFromLocation(window.location),
      onStatus: (s) => {
        status = s;
        for (const l of statusListeners) l(s);
      },
    });
  }
  return api;
}

/** Connection status for the status bar (always "open" in the desktop app). */
export function onConnectionStatus(cb: (s: ConnectionStatus) => void): () => void {
  statusListeners.add(cb);
  cb(status);
  return () => statusListeners.delete(cb);
}
