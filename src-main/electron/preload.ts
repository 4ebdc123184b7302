/**
 * The preload: the only bridge between the page and the main process. It exposes
 * `window.waymark` with exactly three functions, never `ipcRenderer` itself, and refuses
 * any method outside the contract's allowlist before anything reaches IPC. (Main validates
 * every call again: a compromised page could skip this script's checks, not main's.)
 *
 * `call` resolves with the result or rejects with a plain `{ code, message, problems? }`
 * object: Error objects lose their custom fields crossing the context bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHOD_NAMES, type ApiErrorBody } from '../../shared/api';
import { CALL_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL } from './constants';

/** The allowlist: exactly the contract's methods. */
const ALLOWED: ReadonlySet<string> = new Set(API_METHOD_NAMES);
/** Notices that arrive before the renderer subscribes (a file opened from the OS at launch) wait here. */
const MAX_BUFFERED_NOTICES = 50;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function refusal(message: string): ApiErrorBody {
  return { code: 'unknown_method', message };
}

/** Turns main's `{ result } | { error }` reply into a settled promise. */
function settle(reply: unknown): unknown {
  if (isRecord(reply) && 'error' in reply && isRecord(reply.error)) throw reply.error;
  if (isRecord(reply) && 'result' in reply) return reply.result;
  throw { code: 'internal', message: 'malformed reply from the main process' } satisfies ApiErrorBody;
}

const noticeListeners = new Set<(notice: unknown) => void>();
const bufferedNotices: unknown[] = [];
ipcRenderer.on(NOTICE_CHANNEL, (_event, notice: unknown) => {
  // Never pass `_event` on: it carries `sender`, i.e. ipcRenderer.
  if (noticeListeners.size === 0) {
    if (bufferedNotices.length < MAX_BUFFERED_NOTICES) bufferedNotices.push(notice);
    return;
  }
  for (const l of [...noticeListeners]) l(notice);
});

/** What the page sees as `window.waymark`. */
export const waymarkBridge = {
  call(method: unknown, params: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !ALLOWED.has(method)) {
      return Promise.reject(refusal(`method not allowed: ${JSON.stringify(method)}`));
    }
    return ipcRenderer.invoke(CALL_CHANNEL, { method, params }).then(settle);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const relay = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  },
  onNotice(listener: (notice: unknown) => void): () => void {
    noticeListeners.add(listener);
    for (const n of bufferedNotices.splice(0)) listener(n);
    return () => void noticeListeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('waymark', waymarkBridge);
