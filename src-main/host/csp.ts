/**
 * The Content-Security-Policy and companion headers, in one place so the web host and the
 * Electron shell serve the renderer under the same rules. The renderer is bundled (no CDN,
 * no inline script); Monaco needs blob: workers and inline styles.
 */

export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the web host's `ws://127.0.0.1:<port>`. */
  connectSrc?: readonly string[];
}

/** Builds the CSP header value. */
export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['connect-src', ["'self'", ...(opts.connectSrc ?? [])]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * Headers sent with every response. `no-referrer` matters beyond hygiene: the page URL
 * carries the session token, and a Referer header would leak it.
 */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
