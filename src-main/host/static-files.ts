/**
 * Maps a request path to a file in the built renderer, for the web host and for the
 * Electron `app://` protocol alike. The rules: decode once, refuse NUL and anything that
 * resolves outside the root (including through a symlink), serve real files, and fall
 * back to index.html for extension-less paths so client-side routes survive a reload.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Content type by file extension; unknown types are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticResolution =
  | { kind: 'file'; file: string; size: number; isIndex: boolean }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'bad-request'; reason: string }
  | { kind: 'not-found' };

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves a URL pathname (still percent-encoded, without query) under `root`.
 * `root` should be an absolute, real path (see {@link realRoot}).
 */
export async function resolveStatic(root: string, urlPathname: string): Promise<StaticResolution> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { kind: 'bad-request', reason: 'malformed percent-encoding in path' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request', reason: 'NUL in path' };
  // Backslashes are separators on Windows; treat them as such everywhere.
  const segments = decoded.replace(/\\/g, '/').split('/');
  if (segments.includes('..')) return { kind: 'forbidden', reason: 'path leaves the served directory' };
  const target = path.resolve(root, `.${path.posix.normalize(`/${segments.join('/')}`)}`);
  if (!inside(root, target)) return { kind: 'forbidden', reason: 'path leaves the served directory' };

  const index = path.join(root, 'index.html');
  const wantsIndex = target === root || decoded.endsWith('/');
  let candidate = wantsIndex ? index : target;
  let size = await fileSize(candidate);
  if (size === undefined) {
    // SPA fallback only for route-like paths; a missing asset is a real 404.
    if (path.extname(target) !== '' && !wantsIndex) return { kind: 'not-found' };
    candidate = index;
    size = await fileSize(candidate);
    if (size === undefined) return { kind: 'not-found' };
  }
  // A symlink inside the build could point anywhere: check where it really lands.
  const real = await realpath(candidate);
  if (!inside(root, real)) return { kind: 'forbidden', reason: 'path leaves the served directory' };
  return { kind: 'file', file: real, size, isIndex: candidate === index };
}

/** The absolute real path of a static root, so containment checks compare like with like. */
export async function realRoot(dir: string): Promise<string> {
  return realpath(path.resolve(dir));
}
