import { beforeEach, describe, expect, it } from 'vitest';
import { resetSessionTokenForTests, takeSessionToken, TOKEN_KEY, type TokenEnv } from './session-token';

function env(url: string, storage: Map<string, string> | undefined = new Map()) {
  const u = new URL(url);
  const loc = { pathname: u.pathname, search: u.search, hash: u.hash };
  const replaced: string[] = [];
  const e: TokenEnv = {
    location: loc,
    history: {
      state: { keep: 1 },
      replaceState: (_s: unknown, _t: string, next?: string | URL | null) => {
        replaced.push(String(next));
        const n = new URL(String(next), u);
        Object.assign(loc, { pathname: n.pathname, search: n.search, hash: n.hash });
      },
    },
    ...(storage
      ? {
          storage: {
            getItem: (k: string) => storage.get(k) ?? null,
            setItem: (k: string, v: string) => storage.set(k, v),
          },
        }
      : {}),
  };
  return { e, replaced, storage };
}

describe('session token', () => {
  beforeEach(() => resetSessionTokenForTests());

  it('moves ?token= into session storage and out of the address bar, keeping other parameters', () => {
    const { e, replaced, storage } = env('http://127.0.0.1:5/flows/a?x=1&token=abc&y=2#h');
    expect(takeSessionToken(e)).toBe('abc');
    expect(replaced).toEqual(['/flows/a?x=1&y=2#h']);
    expect(storage?.get(TOKEN_KEY)).toBe('abc');
  });

  it('finds the token again after a reload (no ?token= any more)', () => {
    const storage = new Map<string, string>();
    takeSessionToken(env('http://127.0.0.1:5/?token=abc', storage).e);
    resetSessionTokenForTests(); // a reload starts a fresh page
    const { e, replaced } = env('http://127.0.0.1:5/', storage);
    expect(takeSessionToken(e)).toBe('abc');
    expect(replaced).toEqual([]);
  });

  it('a newer link wins over a stored token', () => {
    const storage = new Map([[TOKEN_KEY, 'old']]);
    expect(takeSessionToken(env('http://127.0.0.1:5/?token=new', storage).e)).toBe('new');
    expect(storage.get(TOKEN_KEY)).toBe('new');
  });

  it('works without storage (for this page only) and returns "" when there is no token', () => {
    const { e, replaced } = env('http://127.0.0.1:5/?token=abc', undefined);
    expect(takeSessionToken(e)).toBe('abc');
    expect(replaced).toEqual(['/']);
    expect(takeSessionToken(e)).toBe('abc');
    resetSessionTokenForTests();
    expect(takeSessionToken(env('http://127.0.0.1:5/').e)).toBe('');
  });
});
