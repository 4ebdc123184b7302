/**
 * Input screening of a JSON value: every string in it (at any depth) is checked for
 * personal data and injection signals. Findings carry the JSON path and span, never the
 * text; the returned value has personal data replaced when the action is `redact` or
 * `block` (a blocked value still leaves the node, for the human who reviews it, and should
 * not carry the data any further than it already went).
 */
import type { GuardrailFinding } from '../../../shared/events';
import { findInjection } from './injection';
import { findPii, PII_KINDS, redactPii, type PiiKind } from './pii';

/** What to do with personal data found: replace it, route to `flagged`, only record it, or not look. */
export type PiiAction = 'redact' | 'block' | 'flag' | 'off';
/** What to do with injection signals (medium or high severity): route to `flagged`, only record them, or not look. */
export type InjectionAction = 'block' | 'flag' | 'off';

export interface ScreenOptions {
  pii: PiiAction;
  piiKinds?: readonly PiiKind[];
  injection: InjectionAction;
}

export interface ScreenResult {
  /** The value with personal data redacted (when the action asks for it). */
  value: unknown;
  findings: GuardrailFinding[];
  /** Some personal data was replaced. */
  redacted: boolean;
  /** A finding the options say must block. */
  blocked: boolean;
}

const childPath = (base: string, key: string | number): string =>
  typeof key === 'number'
    ? `${base}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${base}.${key}`
      : `${base}[${JSON.stringify(key)}]`;

/** Screens `value`; `path` names its root in findings (default `$`). */
export function screenValue(value: unknown, opts: ScreenOptions, path = '$'): ScreenResult {
  const findings: GuardrailFinding[] = [];
  let redacted = false;
  let blocked = false;
  const kinds = opts.piiKinds ?? PII_KINDS;

  const text = (s: string, at: string): string => {
    if (opts.injection !== 'off') {
      for (const m of findInjection(s)) {
        findings.push({
          kind: `injection.${m.kind}`,
          path: at,
          span: [m.start, m.end],
          severity: m.severity,
          message: m.message,
        });
        if (opts.injection === 'block' && m.severity !== 'low') blocked = true;
      }
    }
    if (opts.pii === 'off') return s;
    const pii = findPii(s, kinds);
    for (const m of pii)
      findings.push({
        kind: `pii.${m.kind}`,
        path: at,
        span: [m.start, m.end],
        severity: m.severity,
        message: `contains ${m.kind === 'card' ? 'a payment card number' : m.kind === 'iban' ? 'an IBAN' : m.kind === 'email' ? 'an email address' : m.kind === 'phone' ? 'a phone number' : `a national id (${m.kind})`}`,
      });
    if (!pii.length) return s;
    if (opts.pii === 'block') blocked = true;
    if (opts.pii === 'flag') return s;
    redacted = true;
    return redactPii(s, pii);
  };

  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') return text(v, at);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, childPath(at, i)));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, childPath(at, k));
      return out;
    }
    return v;
  };

  const out = walk(value, path);
  return { value: out, findings, redacted, blocked };
}
