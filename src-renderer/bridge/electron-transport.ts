/**
 * The API transport through the Electron preload (`window.waymark`), which exposes exactly
 * `{ call, onEvent, onNotice }` for the allowlisted methods (src-main/electron/preload.ts).
 * The preload resolves with a call's result and rejects with its plain error body
 * (`{ code, message, problems? }`: Error objects lose their fields crossing the context
 * bridge); this turns both back into the wire's reply envelope, which the client
 * (shared/api-client.ts) then checks like any other.
 */
import { ApiError } from '../../shared/api-errors';
import type { ApiTransport } from '../../shared/api-client';

export interface PreloadBridge {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(cb: (event: unknown) => void): () => void;
  onNotice?(cb: (notice: unknown) => void): () => void;
}

declare global {
  interface Window {
    waymark?: PreloadBridge;
  }
}

export function createElectronTransport(bridge: PreloadBridge): ApiTransport {
  return {
    request: (method, params) =>
      bridge.call(method, params).then(
        (result) => ({ result }),
        (e: unknown) => {
          // An error body (checked by the client), or IPC itself failed: no reply will come.
          if (typeof e === 'object' && e !== null && 'code' in e) return { error: e };
          const why = e instanceof Error ? e.message : String(e);
          throw new ApiError('disconnected', `The desktop backend did not answer: ${why}`);
        },
      ),
    onEvent: (listener) => bridge.onEvent(listener),
    onNotice: (listener) => bridge.onNotice?.(listener) ?? (() => undefined),
  };
}
