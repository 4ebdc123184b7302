/**
 * Names shared by the main process and the preload. Kept free of imports so the sandboxed
 * preload bundle stays small.
 */

/** The renderer is served from `app://waymark/`, a privileged standard scheme (not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'waymark';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Renderer → main: one API call `{ method, params }`, answered `{ result } | { error }`. */
export const CALL_CHANNEL = 'waymark:call';
/** Main → renderer: an engine event. */
export const EVENT_CHANNEL = 'waymark:event';
/** Main → renderer: an app notice (menu command, file opened from the OS). */
export const NOTICE_CHANNEL = 'waymark:notice';

/** True for URLs of our own app origin. Node gives non-special schemes an opaque origin, so compare parts. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
