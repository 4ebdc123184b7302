/**
 * Personal-data detectors over plain text. Each returns spans, never the matched text, so
 * findings can be stored and shown without re-leaking what they found.
 *
 * Covered (docs/guardrails.md lists them for users):
 * - `email`: addresses with a dotted domain.
 * - `phone`: international (`+44 20 7946 0958`), North American (`(415) 555-2671`,
 *   `415-555-2671`) and grouped national numbers (`0151 496 0123`): 7–15 digits with a
 *   `+`, parentheses or separators; a bare digit run counts only with a leading 0 and
 *   10–11 digits. Dates and IPv4 addresses are excluded.
 * - `card`: 13–19 digits (spaces or dashes allowed) passing the Luhn check.
 * - `iban`: country code, check digits, BBAN; valid length for the country and mod-97 = 1.
 * - `us-ssn`: US Social Security numbers in the dashed form `123-45-6789`, excluding
 *   never-issued areas (000, 666, 900–999), group 00 and serial 0000.
 * - `uk-nino`: UK National Insurance numbers (`QQ 12 34 56 C`), with the official prefix
 *   letter rules.
 * Undashed SSNs and other countries' ids are not detected: as bare digit runs they cannot
 * be told from order or account numbers without context.
 */
import { PII_KINDS, type PiiKind } from '../../../shared/nodes/guardrail';
import { ibanLength, ibanValid, luhnValid } from './checksums';

export { PII_KINDS, type PiiKind };

/** One detected span in a string: [start, end). */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  severity: 'medium' | 'high';
}

interface Detector {
  kind: PiiKind;
  severity: 'medium' | 'high';
  pattern: RegExp;
  /** Confirms a candidate (check digits, exclusions). */
  accept?: (match: string) => boolean;
  /**
   * Trims a candidate that failed `accept` and tries again: the IBAN pattern can swallow a
   * following word ("… 7034 from"), which regex backtracking cannot undo after the fact.
   */
  shrink?: (match: string) => string | undefined;
}

/** Drops the last space-separated group, if one is left to drop. */
const dropLastGroup = (m: string): string | undefined => {
  const i = m.lastIndexOf(' ');
  return i > 0 ? m.slice(0, i) : undefined;
};

/**
 * Trims an IBAN candidate that swallowed following groups: straight to the country's
 * length when it is known (one check instead of one per group), else one group at a time.
 */
const shrinkIban = (m: string): string | undefined => {
  const expected = ibanLength(m.slice(0, 2));
  if (expected === undefined) return dropLastGroup(m);
  let count = 0;
  for (let i = 0; i < m.length; i++) {
    if (m[i] !== ' ') count++;
    if (count === expected)
      return i + 1 < m.length && (m[i + 1] === ' ' || i + 1 === m.length) ? m.slice(0, i + 1) : undefined;
  }
  return undefined;
};

const digitsOf = (s: string): string => s.replace(/\D/g, '');

function phoneLike(m: string): boolean {
  const digits = digitsOf(m);
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{4}[-./]\d{2}[-./]\d{2}$/.test(m) || /^\d{2}[-./]\d{2}[-./]\d{4}$/.test(m)) return false; // dates
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(m)) return false; // IPv4
  if (/^\d+$/.test(m)) return m.startsWith('0') && digits.length >= 10 && digits.length <= 11;
  return m.startsWith('+') || m.includes('(') || /\d[\s.-]\d/.test(m);
}

// Order matters: earlier detectors win overlapping spans (a card number is not also a phone).
const DETECTORS: readonly Detector[] = [
  {
    kind: 'email',
    severity: 'medium',
    // Bounded parts (RFC 5321: local part ≤ 64, labels ≤ 63) and a start only where the local
    // part starts, so no position is scanned more than a bounded number of times.
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}\b/g,
  },
  {
    kind: 'iban',
    severity: 'high',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/gi,
    accept: ibanValid,
    shrink: shrinkIban,
  },
  {
    kind: 'card',
    severity: 'high',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (m) => luhnValid(digitsOf(m)),
  },
  { kind: 'us-ssn', severity: 'high', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g },
  {
    kind: 'uk-nino',
    severity: 'high',
    pattern: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
  },
  {
    kind: 'phone',
    severity: 'medium',
    // One digit per step, each with at most one separator before it: unambiguous, so a
    // failing candidate backtracks a bounded number of steps (grouped digits `\d{1,4}`
    // repeated made the split of a long digit run exponential).
    pattern: /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){5,14}(?![\w])/g,
    accept: phoneLike,
  },
];

/** Finds personal data of the given kinds in `text`, non-overlapping, in text order. */
export function findPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiMatch[] {
  // Spans taken by earlier (stronger) detectors, sorted and disjoint: a binary search per
  // candidate keeps a text with many findings linear-logarithmic, not quadratic.
  let taken: PiiMatch[] = [];
  const overlaps = (s: number, e: number): boolean => {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((taken[mid] as PiiMatch).end <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo < taken.length && (taken[lo] as PiiMatch).start < e;
  };
  for (const d of DETECTORS) {
    if (!kinds.includes(d.kind)) continue;
    const found: PiiMatch[] = [];
    for (const m of text.matchAll(d.pattern)) {
      let candidate: string | undefined = m[0];
      while (candidate !== undefined && d.accept && !d.accept(candidate)) candidate = d.shrink?.(candidate);
      if (candidate === undefined) continue;
      const start = m.index;
      const end = start + candidate.length;
      if (!overlaps(start, end)) found.push({ kind: d.kind, start, end, severity: d.severity });
    }
    if (found.length) taken = [...taken, ...found].sort((a, b) => a.start - b.start);
  }
  return taken;
}

/** `text` with each match replaced by `[redacted:<kind>]`. */
export function redactPii(text: string, matches: readonly PiiMatch[]): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += `${text.slice(at, m.start)}[redacted:${m.kind}]`;
    at = m.end;
  }
  return out + text.slice(at);
}
