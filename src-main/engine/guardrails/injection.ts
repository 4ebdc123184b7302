/**
 * Prompt-injection screening: the rules (injection-rules.ts) run on the text as written
 * and on views of it an attacker uses to hide the same words from a plain scan:
 * - folded: full-width and other compatibility letters (NFKC) and Cyrillic/Greek
 *   look-alikes mapped to Latin, invisible characters removed;
 * - leetspeak (`1gn0r3` → `ignore`) and rot13 of the folded text;
 * - base64 and hex segments decoded (when they decode to readable text).
 * A match in a view is reported at the span of the original text it came from, with the
 * view named in the message. They are signals, not proof: a determined attacker can phrase
 * around any list, and the engine never lets a detector approve anything — a risky call
 * still needs its zone or a human (docs/guardrails.md). Every pass is linear in the text.
 *
 * Severity: `high` for patterns with almost no innocent use, `medium` for ones that need a
 * human to look, `low` for weak hints (long encoded blobs), which are recorded but never block.
 */
import { RULES, type Rule } from './injection-rules';

export type Severity = 'low' | 'medium' | 'high';

export const INJECTION_KINDS = [
  'instruction-override',
  'prompt-leak',
  'role-play',
  'jailbreak',
  'approval-bypass',
  'indirect',
  'role-marker',
  'hidden-text',
  'tool-call',
  'exfiltration',
  'encoded-payload',
] as const;
export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** One suspicious span in a string: [start, end). */
export interface InjectionMatch {
  kind: InjectionKind;
  start: number;
  end: number;
  severity: Severity;
  message: string;
}

/** Cyrillic and Greek letters that look like Latin ones. */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  һ: 'h',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  τ: 't',
  ι: 'i',
  κ: 'k',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
  Υ: 'Y',
  Ζ: 'Z',
};
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/;
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '|': 'i',
  '!': 'i',
};

/**
 * A rewritten copy of the text with, for each of its UTF-16 units, the index in the original
 * it came from (empty: the same indices as the original).
 */
interface View {
  name: string;
  text: string;
  origin: number[];
  /** Characters of the original the view's spans stand for (a decoded segment's length). */
  width?: number;
}

const FOLDABLE = new RegExp(
  `[${Object.keys({ ...HOMOGLYPHS }).join('')}\uFF01-\uFF5E\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]`,
);

/** Folds look-alikes and compatibility forms, drops invisible characters; undefined when nothing changes. */
function folded(text: string): View | undefined {
  if (!FOLDABLE.test(text)) return undefined;
  // Look-alikes are folded only in text that has Latin letters: pure Cyrillic or Greek stays as written.
  const latin = /[A-Za-z]/.test(text);
  const parts: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    let rep = ch;
    if (INVISIBLE.test(ch)) rep = '';
    else if (latin && HOMOGLYPHS[ch] !== undefined) rep = HOMOGLYPHS[ch];
    else if (cp >= 0xff01 && cp <= 0xff5e) rep = ch.normalize('NFKC');
    for (let k = 0; k < rep.length; k++) origin.push(i);
    parts.push(rep);
    i += ch.length;
  }
  return { name: 'disguised', text: parts.join(''), origin };
}

const rot13 = (c: string): string => {
  const x = c.charCodeAt(0);
  const base = x <= 90 ? 65 : 97;
  return String.fromCharCode(((x - base + 13) % 26) + base);
};

/** A 1:1 character rewrite of `base` (same length, same origins). */
function mapped(base: View, name: string, pattern: RegExp, map: (c: string) => string): View | undefined {
  const text = base.text.replace(pattern, map);
  return text === base.text ? undefined : { name, text, origin: base.origin };
}

/** Readable text (mostly printable, some letters), or undefined. */
function readable(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const unprintable = text.replace(/[\p{L}\p{N}\p{P}\p{S}\p{Zs}\n]/gu, '').length;
  return unprintable <= text.length * 0.1 && /\p{L}{3}/u.test(text) ? text : undefined;
}

/** Encoded segments longer than this are not decoded (a long blob is only a `low` signal). */
const MAX_SEGMENT_CHARS = 16 * 1024;
/** Characters of encoded text decoded per scanned string, at most. */
const MAX_DECODED_CHARS = 256 * 1024;

/** Decoded base64 and hex segments, each a view whose spans map to the whole segment. */
function decodedSegments(text: string): View[] {
  const out: View[] = [];
  const add = (name: string, start: number, length: number, decoded: string | undefined) => {
    if (decoded)
      out.push({ name, text: decoded, origin: Array.from({ length: decoded.length }, () => start), width: length });
  };
  let budget = MAX_DECODED_CHARS;
  for (const m of text.matchAll(/(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g)) {
    const s = m[0].replace(/=+$/, '');
    if (s.length % 4 === 1 || s.length > MAX_SEGMENT_CHARS) continue;
    if ((budget -= s.length) < 0) break;
    add(
      'base64',
      m.index,
      m[0].length,
      readable(Uint8Array.from(atob(s + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0))),
    );
  }
  for (const m of text.matchAll(/(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){12,}(?![0-9A-Fa-f])/g)) {
    const hex = m[0].replace(/[ :]/g, '');
    if (hex.length > MAX_SEGMENT_CHARS) continue;
    if ((budget -= hex.length) < 0) break;
    add('hex', m.index, m[0].length, readable(Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))));
  }
  return out;
}

function scan(view: View | string, rules: readonly Rule[], out: InjectionMatch[]): void {
  const v: View = typeof view === 'string' ? { name: '', text: view, origin: [] } : view;
  for (const r of rules) {
    let last: InjectionMatch | undefined;
    for (const m of v.text.matchAll(r.pattern)) {
      let start = m.index;
      let end = start + m[0].length;
      if (v.origin.length) {
        start = v.origin[start] as number;
        end = v.width !== undefined ? start + v.width : (v.origin[end - 1] as number) + 1;
      }
      // Adjacent invisible characters are one smuggled payload, not fifty findings.
      if (last && r.kind === 'hidden-text' && start <= last.end + 1) {
        last.end = end;
        continue;
      }
      if (v.name && out.some((f) => f.kind === r.kind && f.start < end && start < f.end)) continue;
      last = {
        kind: v.name ? 'encoded-payload' : r.kind,
        start,
        end,
        severity: v.name ? 'high' : r.severity,
        message: v.name ? `${r.message}, hidden as ${v.name} text` : r.message,
      };
      out.push(last);
    }
  }
}

/** HTML comments: `<!-- … -->`, found with two linear scans (a lazy regex would rescan from every `<!--`). */
function comments(text: string, out: InjectionMatch[]): void {
  for (let at = text.indexOf('<!--'); at !== -1;) {
    const close = text.indexOf('-->', at + 4);
    if (close === -1) return;
    // Hidden from readers is not an attack by itself: a comment counts when it holds words, not a marker like `<!-- footer -->`.
    if (/\S+\s+\S+\s+\S+/.test(text.slice(at + 4, Math.min(close, at + 4 + 4096))))
      out.push({
        kind: 'hidden-text',
        start: at,
        end: close + 3,
        severity: 'medium',
        message: 'contains hidden HTML text',
      });
    at = text.indexOf('<!--', close + 3);
  }
}

const DECODABLE = RULES.filter((r) => r.views === 'all');

/** Finds injection signals in `text`, in text order. Hidden characters are reported once per run of them. */
export function findInjection(text: string): InjectionMatch[] {
  const out: InjectionMatch[] = [];
  scan(text, RULES, out);
  comments(text, out);
  const base = folded(text) ?? { name: '', text, origin: [] };
  const views: View[] = [];
  if (base.name) views.push(base);
  if (/[A-Za-z][0-9@$|!]|[0-9@$|][A-Za-z]/.test(base.text)) {
    const leet = mapped(base, 'leetspeak', /[013457@$|!]/g, (c) => LEET[c] ?? c);
    if (leet) views.push(leet);
  }
  const r13 = mapped(base, 'rot13', /[A-Za-z]/g, rot13);
  if (r13) views.push(r13);
  views.push(...decodedSegments(text));
  for (const v of views) scan(v, DECODABLE, out);
  return mergeOverlaps(out.sort((a, b) => a.start - b.start || b.end - a.end));
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** One finding per kind and stretch of text: overlapping matches of several rules are merged. */
function mergeOverlaps(sorted: InjectionMatch[]): InjectionMatch[] {
  const out: InjectionMatch[] = [];
  const open = new Map<InjectionKind, InjectionMatch>();
  for (const m of sorted) {
    const prev = open.get(m.kind);
    if (prev && m.start < prev.end) {
      prev.end = Math.max(prev.end, m.end);
      if (RANK[m.severity] > RANK[prev.severity]) {
        prev.severity = m.severity;
        prev.message = m.message;
      }
      continue;
    }
    open.set(m.kind, m);
    out.push(m);
  }
  return out;
}
