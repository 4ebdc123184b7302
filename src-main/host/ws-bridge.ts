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

type Log = (line: string) => void;

/** Sends JSON if the socket is open; a value that cannot be serialised is reported, not thrown. */
function sendJson(ws: WebSocket, body: unknown, log: Log): boolean {
  if (ws.readyState !== ws.OPEN) return true;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (e) {
    log(`web host: could not serialise a message for the socket: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
  ws.send(text);
  return true;
}

function reply(
  ws: WebSocket,
  body: { id: RequestId; result: unknown } | { id: RequestId; error: ApiErrorBody },
  log: Log = () => {},
): void {
  if (!sendJson(ws, body, log))
    sendJson(
      ws,
      { id: body.id, error: { code: 'internal', message: 'the reply could not be serialised (logged by the host)' } },
      log,
    );
}

function badFrame(ws: WebSocket, id: RequestId, message: string): void {
  reply(ws, { id, error: { code: 'invalid_params', message } });
}

function internal(ws: WebSocket, id: RequestId, e: unknown, log: Log): void {
  log(
    `web host: unexpected error serving a socket request: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  );
  reply(ws, { id, error: { code: 'internal', message: 'internal error (logged by the host)' } }, log);
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

/**
 * Serves one socket: requests in, replies and pushes out. Returns a cleanup function.
 * Nothing a client sends can throw out of here: `dispatch` never rejects, and anything
 * else unexpected is logged and answered with an `internal` error.
 */
export function attachSocket(ws: WebSocket, service: ApiService, log: Log = () => {}): () => void {
  ws.on('message', (data, isBinary) => {
    let id: RequestId = null;
    try {
      const req = readRequest(ws, data, isBinary);
      if (!req) return;
      id = req.id;
      service
        .dispatch(req.method, req.params)
        .then((r) => reply(ws, { id: req.id, ...r }, log))
        .catch((e: unknown) => internal(ws, req.id, e, log));
    } catch (e) {
      internal(ws, id, e, log);
    }
  });
  // Protocol errors (an oversized or malformed frame, a bad opcode, invalid UTF-8) close the
  // socket with the matching close code; that is the client's problem, not worth a log line.
  ws.on('error', () => ws.terminate());
  const unsubscribe = service.events.subscribe((push: ServerPush) => void sendJson(ws, push, log));
  ws.on('close', unsubscribe);
  return unsubscribe;
}
