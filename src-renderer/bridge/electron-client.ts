/**
 * The API through the Electron preload (`window.waymark`), which exposes exactly
 * `{ call, onEvent }` for the allowlisted methods. Errors arrive as rejected promises whose
 * payload is the same `{ code, message, problems }` body as on the WebSocket.
 */
import type { ApiMethod, ApiParams, ApiResult, WaymarkApi } from '../../shared/api';
import type { EngineEvent } from '../../shared/events';
import { ApiError, parseIncoming } from './protocol';

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

function toApiError(e: unknown): Error {
  if (e instanceof ApiError) return e;
  // Errors crossing contextBridge lose their class; recover code/problems from the body when present.
  const body = typeof e === 'object' && e !== null && 'message' in e ? e : { message: String(e) };
  const parsed = parseIncoming({ id: 0, error: body });
  if (parsed?.type === 'error') return new ApiError(parsed.error.code, parsed.error.message, parsed.error.problems);
  return new ApiError('internal', String(e));
}

export function createElectronClient(bridge: PreloadBridge): WaymarkApi {
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      try {
        return (await bridge.call(method, params)) as ApiResult<M>;
      } catch (e) {
        throw toApiError(e);
      }
    },
    onEvent(listener: (e: EngineEvent) => void) {
      return bridge.onEvent((raw) => {
        const msg = parseIncoming({ event: raw });
        if (msg?.type === 'event') listener(msg.event);
      });
    },
  };
}
