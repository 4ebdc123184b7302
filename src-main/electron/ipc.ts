/**
 * The one IPC channel. Each call is checked before it runs: the sender must be a frame
 * showing our own app:// origin (not a page that somehow got loaded, not a frame that
 * navigated away), the request is validated by the same `parseApiRequest` the web host
 * uses, and a document path must be one the user chose (document-grants.ts). Then it goes
 * to the same API service, in the backend process.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { parseApiRequest } from '../../shared/api';
import type { DispatchResult } from '../host/api-service';
import { CALL_CHANNEL, isAppUrl } from './constants';
import type { DocumentGrants } from './document-grants';

export interface IpcOptions {
  /** Runs a call through the API service (in production: relayed to the backend process). */
  dispatch(method: unknown, params: unknown): Promise<DispatchResult>;
  /** Which frame URLs may call; defaults to our app:// origin. */
  isTrustedUrl?: (url: string) => boolean;
  /** The files the renderer may name; without it any path goes through (tests of other concerns). */
  grants?: DocumentGrants;
}

/** Handles one `waymark:call` (exported for tests). */
export async function handleCall(
  opts: IpcOptions,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  request: unknown,
): Promise<DispatchResult> {
  const trusted = opts.isTrustedUrl ?? isAppUrl;
  const frameUrl = event.senderFrame?.url;
  if (!frameUrl || !trusted(frameUrl)) {
    return { error: { code: 'forbidden', message: 'API calls are only accepted from the Waymark app page' } };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { error: { code: 'invalid_params', message: 'a call must be an object {method, params}' } };
  }
  const method = 'method' in request ? request.method : undefined;
  const params = 'params' in request ? request.params : undefined;
  const checked = parseApiRequest(method, params);
  if ('error' in checked) return { error: checked.error };
  const refused = opts.grants?.check(checked.method, checked.params);
  if (refused) return refused;
  const reply = await opts.dispatch(checked.method, params);
  opts.grants?.learn(checked.method, reply);
  return reply;
}

/** Registers the handler; returns a function that removes it. */
export function registerIpc(opts: IpcOptions): () => void {
  ipcMain.handle(CALL_CHANNEL, (event, request: unknown) => handleCall(opts, event, request));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}
