/**
 * The views of a text that the injection screen reads besides the text itself: the forms an
 * attacker uses to hide words from a plain scan. Each view maps its characters back to the
 * original, so a finding in a view is reported at the span it came from. All linear.
 */

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
export const LEET: Readonly<Record<string, string>> = {
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
export interface View {
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
export function folded(text: string): View | undefined {
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

export const rot13 = (c: string): string => {
  const x = c.charCodeAt(0);
  const base = x <= 90 ? 65 : 97;
  return String.fromCharCode(((x - base + 13) % 26) + base);
};

/** A 1:1 character rewrite of `base` (same length, same origins). */
export function mapped(base: View, name: string, pattern: RegExp, map: (c: string) => string): View | undefined {
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
export function decodedSegments(text: string): View[] {
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
