/**
 * The call an automatic approval gate (a policy gate) holds, read from its payload for the
 * approver: method, full URL, every header with secret values masked by the backend
 * (`[secret:NAME]`), and the body. Older approvals have no headers; any other payload (an
 * approval node's) is not a call.
 */

export interface HttpCallView {
  method: string;
  url: string;
  connector: string | null;
  /** Name, value and — when the value is a masked secret — the secret's name. */
  headers: Array<{ name: string; value: string; secret?: string }>;
  /** Whether the backend recorded headers (approvals from before they were shown have none). */
  headersShown: boolean;
  body: unknown;
}

const MASKED = /^\[secret:([A-Za-z_][A-Za-z0-9_]*)\]$/;

/** The HTTP call of a policy gate's payload, or undefined when the payload is not one. */
export function httpCallOf(payload: unknown): HttpCallView | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  if (p.kind !== 'http' || typeof p.method !== 'string' || typeof p.url !== 'string') return undefined;
  const raw = p.headers && typeof p.headers === 'object' ? (p.headers as Record<string, unknown>) : undefined;
  return {
    method: p.method,
    url: p.url,
    connector: typeof p.connector === 'string' ? p.connector : null,
    headers: Object.entries(raw ?? {}).map(([name, v]) => {
      const value = String(v);
      const secret = MASKED.exec(value)?.[1];
      return { name, value, ...(secret ? { secret } : {}) };
    }),
    headersShown: raw !== undefined,
    body: p.body ?? null,
  };
}
