/**
 * The WebSocket side of the web host: one JSON request per text frame, answered by id;
 * pushes go to every open socket. A malformed frame gets an error reply and the socket
 * stays open: a client bug must not take the connection (or the process) down.
 */
import type { RawData, WebSocket } from 'ws';
import type { ApiErrorBody } from '../../shared/api';
import type { ApiService } from './api-service';
import type { ServerPush } from './events';

type RequestId = string | number | null;

function reply(ws: WebSocket, body: { id: RequestId; result: unknown } | { id: RequestId; error: ApiErrorBody }): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(body));
}

function badFrame(ws: WebSocket, id: RequestId, message: string): void {
  reply(ws, { id, error: { code: 'invalid_params', message } });
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Parses a frame into `{id, method, params}` or answers with an error and returns undefined. */
function readRequest(
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
): { id: string | number; method: unknown; params: unknown } | undefined {
  if (isBinary) return void badFrame(ws, null, 'binary frames are not supported; send JSON text');
  let msg: unknown;
  try {
    msg = JSON.parse(frameText(data));
  } catch (e) {
    return void badFrame(ws, null, `malformed JSON frame: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg))
    return void badFrame(ws, null, 'a request must be a JSON object {id, method, params}');
  const id = 'id' in msg ? msg.id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number')
    return void badFrame(ws, null, 'request.id must be a string or a number');
  return { id, method: 'method' in msg ? msg.method : undefined, params: 'params' in msg ? msg.params : undefined };
}

/** Serves one socket: requests in, replies and pushes out. Returns a cleanup function. */
export function attachSocket(ws: WebSocket, service: ApiService): () => void {
  ws.on('message', (data, isBinary) => {
    const req = readRequest(ws, data, isBinary);
    if (!req) return;
    void service.dispatch(req.method, req.params).then((r) => reply(ws, { id: req.id, ...r }));
  });
  // Errors (e.g. an oversized frame) close the socket; log-free, the client sees the close code.
  ws.on('error', () => ws.terminate());
  const unsubscribe = service.events.subscribe((push: ServerPush) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(push));
  });
  ws.on('close', unsubscribe);
  return unsubscribe;
}
