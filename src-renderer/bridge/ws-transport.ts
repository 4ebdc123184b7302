/**
 * The API transport over a WebSocket to the local web host (`waymark serve`). The per-launch
 * token comes from the page URL as the host printed it (see session-token.ts). Requests made
 * while the socket is down wait for the next connection attempt; the socket reconnects with
 * capped exponential backoff. When a socket closes, every call not yet answered fails with
 * `disconnected` — those in flight (the caller decides whether a retry is safe: a save may or
 * may not have happened) and those still queued, which are dropped: a call reported failed
 * is never sent afterwards.
 *
 * This layer only frames and routes messages; the client (shared/api-client.ts) checks
 * every reply and push against the contract.
 */
import { ApiError } from '../../shared/api-errors';
import type { ApiTransport } from '../../shared/api-client';

export interface WsLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsTransportOptions {
  url: string;
  /** Injected for tests; defaults to the browser WebSocket. */
  createSocket?: (url: string) => WsLike;
  /** Backoff bounds in ms. */
  minDelay?: number;
  maxDelay?: number;
  onStatus?: (status: ConnectionStatus) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** Sees frames that are neither a reply to a pending call nor a push (dropped). */
  onBadFrame?: (problem: string, data: unknown) => void;
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Connects now and returns the transport; `close()` stops it for good. */
export function createWsTransport(opts: WsTransportOptions): ApiTransport & { close(): void } {
  const create = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WsLike);
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const minDelay = opts.minDelay ?? 250;
  const maxDelay = opts.maxDelay ?? 8000;
  const pending = new Map<number, { resolve(reply: unknown): void; reject(e: Error): void }>();
  const queue: string[] = [];
  const eventListeners = new Set<(event: unknown) => void>();
  const noticeListeners = new Set<(notice: unknown) => void>();
  let nextId = 1;
  let socket: WsLike | undefined;
  let attempt = 0;
  let closed = false;
  let refused = false;

  const route = (data: unknown): void => {
    let msg: unknown;
    try {
      msg = typeof data === 'string' ? JSON.parse(data) : data;
    } catch {
      return opts.onBadFrame?.('not JSON', data);
    }
    if (!isRecord(msg)) return opts.onBadFrame?.('not a JSON object', data);
    if (typeof msg.id === 'number') {
      const p = pending.get(msg.id);
      if (!p) return opts.onBadFrame?.(`a reply to no pending call (id ${msg.id})`, data);
      pending.delete(msg.id);
      return p.resolve(msg);
    }
    if ('event' in msg) for (const l of [...eventListeners]) l(msg.event);
    else if ('notice' in msg) for (const l of [...noticeListeners]) l(msg.notice);
    else opts.onBadFrame?.('neither a reply nor a push', data);
  };

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
    ws.onmessage = (ev) => route(ev.data);
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
        // Every call still queued was just reported failed: it must never be sent later
        // (a save or an approval the caller was told did not happen would happen after all).
        queue.length = 0;
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
    request(method, params) {
      const id = nextId++;
      const msg = JSON.stringify({ id, method, params });
      return new Promise((resolve, reject) => {
        if (refused && !(socket && socket.readyState === OPEN))
          return reject(new ApiError('forbidden', UNAUTHORIZED_MESSAGE));
        pending.set(id, { resolve, reject });
        if (socket && socket.readyState === OPEN) socket.send(msg);
        else queue.push(msg);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => void noticeListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
