/**
 * The API over a WebSocket to the local web host (`waymark serve`). The per-launch token
 * comes from the page URL as the host printed it (see session-token.ts). Requests made while
 * the socket is down wait for the next connection; the socket reconnects with capped
 * exponential backoff, and calls in flight when it drops fail with `disconnected` (the
 * caller decides whether a retry is safe — a save may or may not have happened).
 */
import type { ApiMethod, ApiParams, ApiResult, WaymarkApi } from '../../shared/api';
import type { EngineEvent } from '../../shared/events';
import { ApiError, parseIncoming } from './protocol';

export interface WsLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsClientOptions {
  url: string;
  /** Injected for tests; defaults to the browser WebSocket. */
  createSocket?: (url: string) => WsLike;
  /** Backoff bounds in ms. */
  minDelay?: number;
  maxDelay?: number;
  onStatus?: (status: ConnectionStatus) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /**
   * Whether the host answers plain HTTP. Asked when a socket closes without ever opening:
   * a host that serves the page but refuses the socket refused our token (`unauthorized`).
   */
  probe?: () => Promise<boolean>;
}

/** `unauthorized`: the host is up but refused this page's session token (see session-token.ts). */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** What a call made while the token is refused fails with. */
export const UNAUTHORIZED_MESSAGE =
  'This tab is not connected to the Waymark host: its session token is missing or was refused. Open the link that `waymark serve` (or `npm run web`) printed; a restarted host prints a new one.';

const OPEN = 1;

/** The URL of the host's API socket for the current page and session token. */
export function apiUrlFromLocation(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api?token=${encodeURIComponent(token)}`;
}

export function createWsClient(
  opts: WsClientOptions,
): WaymarkApi & { close(): void; onNotice(cb: (notice: unknown) => void): () => void } {
  const create = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WsLike);
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const minDelay = opts.minDelay ?? 250;
  const maxDelay = opts.maxDelay ?? 8000;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const queue: string[] = [];
  const listeners = new Set<(e: EngineEvent) => void>();
  const noticeListeners = new Set<(n: unknown) => void>();
  let nextId = 1;
  let socket: WsLike | undefined;
  let attempt = 0;
  let closed = false;
  let refused = false;

  const connect = () => {
    opts.onStatus?.('connecting');
    const ws = create(opts.url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      refused = false;
      attempt = 0;
      opts.onStatus?.('open');
      for (const msg of queue.splice(0)) ws.send(msg);
    };
    ws.onmessage = (ev) => {
      const msg = parseIncoming(ev.data);
      if (!msg) return;
      if (msg.type === 'event') for (const l of listeners) l(msg.event);
      else if (msg.type === 'notice') for (const l of noticeListeners) l(msg.notice);
      else if (msg.type === 'result' || msg.type === 'error') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.type === 'result') p.resolve(msg.result);
        else p.reject(new ApiError(msg.error.code, msg.error.message, msg.error.problems));
      }
    };
    ws.onerror = () => {
      /* onclose follows and handles it */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      const settle = (): void => {
        for (const [id, p] of pending) {
          pending.delete(id);
          p.reject(
            refused
              ? new ApiError('forbidden', UNAUTHORIZED_MESSAGE)
              : new ApiError('disconnected', 'The connection to the Waymark host was lost.'),
          );
        }
        if (refused) queue.length = 0; // never send them later, under another session
        opts.onStatus?.(refused ? 'unauthorized' : 'closed');
        if (closed) return;
        const delay = Math.min(maxDelay, minDelay * 2 ** attempt++);
        setTimer(() => !closed && connect(), delay * (0.75 + Math.random() * 0.5));
      };
      // Never opened: find out whether the host is down or refused the token before
      // telling the callers which it is.
      if (!opened && !refused && opts.probe) {
        void opts.probe().then((up) => {
          refused = up;
          settle();
        }, settle);
      } else settle();
    };
  };
  connect();

  return {
    call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      const id = nextId++;
      const msg = JSON.stringify({ id, method, params });
      return new Promise<ApiResult<M>>((resolve, reject) => {
        if (refused && !(socket && socket.readyState === OPEN))
          return reject(new ApiError('forbidden', UNAUTHORIZED_MESSAGE));
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (socket && socket.readyState === OPEN) socket.send(msg);
        else queue.push(msg);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
