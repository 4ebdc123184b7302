/**
 * The webhook endpoint: `{METHOD} /hooks/{token}` on the web host and the worker. The token
 * is the credential (unguessable, one per wait, only its hash stored); the body is read up to
 * {@link MAX_HOOK_BODY} bytes and parsed as JSON when it is JSON (else kept as text). What the
 * caller is answered comes from the wait's node (reply status and body), or says why the call
 * was refused: 404 unknown or already used, 405 wrong method, 400 a body that does not match.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOOK_PATH_PREFIX } from '../engine/waits';
import type { HookReply } from './runs/wait-handlers';
import type { RequestTarget } from './request-guard';
import type { HookCall } from '../engine/wake';

/** The largest webhook body accepted. */
export const MAX_HOOK_BODY = 1024 * 1024;

const TOKEN_RE = /^whk_[0-9a-z]{10,64}$/;

/** Whether a request target is a webhook call. */
export const isHookTarget = (target: RequestTarget): boolean => target.path.startsWith(HOOK_PATH_PREFIX);

function send(res: ServerResponse, reply: HookReply, headers: Record<string, string>): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
  const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(reply.status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_HOOK_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers one webhook call through `webhook` (the API service's). Never throws for bad input. */
export async function serveHook(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  webhook: (call: HookCall) => Promise<HookReply>,
  headers: Record<string, string> = {},
): Promise<void> {
  const token = decodeURIComponent(target.path.slice(HOOK_PATH_PREFIX.length)).replace(/\/$/, '');
  if (!TOKEN_RE.test(token))
    return send(res, { status: 404, body: { error: 'no run is waiting for this webhook' } }, headers);
  const text = await readBody(req);
  if (text === undefined)
    return send(res, { status: 413, body: { error: `the body is larger than ${MAX_HOOK_BODY} bytes` } }, headers);
  let body: unknown = text === '' ? null : text;
  const type = String(req.headers['content-type'] ?? '');
  if (text !== '' && (type.includes('json') || /^\s*[[{]/.test(text))) {
    try {
      body = JSON.parse(text);
    } catch {
      return send(res, { status: 400, body: { error: 'the body is not valid JSON' } }, headers);
    }
  }
  const query = Object.fromEntries([...target.query.entries()].slice(0, 100));
  send(res, await webhook({ token, method: String(req.method ?? 'GET'), body, query }), headers);
}
