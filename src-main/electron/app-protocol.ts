/**
 * Serves the built renderer from `app://waymark/` instead of file://. A custom standard
 * scheme gives the page a real origin of its own (so CSP 'self' means "our bundle" and the
 * IPC sender check has something precise to compare), without file://'s extra powers
 * (reading any local file, every file:// page sharing one origin).
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../host/csp';
import { contentTypeFor, realRoot, resolveStatic } from '../host/static-files';
import { APP_HOST, APP_SCHEME } from './constants';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** The CSP for the desktop window: no network at all; the API goes over IPC. */
export const DESKTOP_CSP = contentSecurityPolicy();

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...securityHeaders(DESKTOP_CSP), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Answers one `app://` request from `rendererDir` (exported for tests). */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return text(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
  // Chromium has already normalised the path; resolveStatic still refuses anything odd.
  const found = await resolveStatic(root, url.pathname);
  if (found.kind === 'bad-request') return text(400, found.reason);
  if (found.kind === 'forbidden') return text(403, found.reason);
  if (found.kind === 'not-found') return text(404, 'not found');
  const body = request.method === 'HEAD' ? null : await readFile(found.file);
  return new Response(body, {
    status: 200,
    headers: { ...securityHeaders(DESKTOP_CSP), 'Content-Type': contentTypeFor(found.file) },
  });
}

/** Installs the `app://` handler. Call once the app is ready. */
export async function serveAppProtocol(rendererDir: string): Promise<void> {
  const root = await realRoot(rendererDir);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request));
}
