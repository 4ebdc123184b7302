/**
 * The web host's per-launch token, taken out of the address bar. The host prints
 * `http://127.0.0.1:<port>/?token=<t>`; on load the token moves to sessionStorage and the
 * URL is rewritten without it (`history.replaceState`), so it no longer shows in the address
 * bar, in a screenshot or in a copied link, and a reload still finds it.
 *
 * sessionStorage, not a cookie and not localStorage: it belongs to this origin (port
 * included, unlike cookies, which every service on 127.0.0.1 would receive), to this tab
 * only, and it is gone when the tab closes. See docs/security.md.
 */

/** The sessionStorage key; exported for tests. */
export const TOKEN_KEY = 'waymark.sessionToken';

export interface TokenEnv {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** Absent (or throwing) when storage is disabled: the token then lives for this page only. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

let memo: string | undefined;

function stored(env: TokenEnv): string | null {
  try {
    return env.storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * Reads the token (from `?token=` when present, else from this tab's storage), stores it,
 * and removes it from the address bar. Idempotent. Returns '' when there is none.
 */
export function takeSessionToken(env: TokenEnv): string {
  const params = new URLSearchParams(env.location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    memo = fromUrl;
    try {
      env.storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage disabled: keep it in memory (a reload will then need the printed link)
    }
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(
      env.history.state,
      '',
      `${env.location.pathname}${rest ? `?${rest}` : ''}${env.location.hash}`,
    );
    return fromUrl;
  }
  return memo ?? stored(env) ?? '';
}

/** The browser's own environment. */
export function browserTokenEnv(): TokenEnv {
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  return { location: window.location, history: window.history, storage };
}

/** Forgets the in-memory copy (tests). */
export function resetSessionTokenForTests(): void {
  memo = undefined;
}
