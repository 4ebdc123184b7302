/**
 * Features of the learned injection model (injection-model.ts), shared by the runtime and
 * the offline trainer (scripts/train-injection-model.ts) so both read text the same way:
 * NFKC-normalised, lower-cased, invisible characters dropped, digits folded to `0`,
 * whitespace collapsed; then character n-grams of 2 to 5 and word uni- and bigrams, hashed
 * (FNV-1a) into `DIM` buckets, weighted log(1 + count) and scaled to unit length.
 * Linear in the text, no allocation per n-gram beyond one map entry.
 */

/** Hash buckets (a power of two). */
export const DIM = 1 << 17;
const MASK = DIM - 1;

const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/g;

/** The text as the model reads it. */
export function normalise(text: string): string {
  // Printable ASCII needs no NFKC, invisible-character pass or Unicode digit class (same result, faster).
  if (/^[\x20-\x7e\t\n\r]*$/.test(text)) return text.toLowerCase().replace(/[0-9]/g, '0').replace(/\s+/g, ' ');
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(INVISIBLE, '')
    .replace(/\p{Nd}/gu, '0')
    .replace(/\s+/g, ' ');
}

const LETTER = /[\p{L}\p{M}\p{N}_']/u;

/** Calls `add` with the bucket of every n-gram of `norm` (normalised text), in text order. */
function grams(norm: string, add: (bucket: number) => void): void {
  const s = ` ${norm} `;
  const n = s.length;
  let word = 0x2545f491;
  let inWord = false;
  let prevWord = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
    for (let k = 1; k < 5 && i + k < n; k++) {
      h = Math.imul(h ^ s.charCodeAt(i + k), 0x01000193);
      add(Math.imul(h ^ (k + 1), 0x9e3779b1) & MASK);
    }
    // Words: letters, marks, digits, `_` and `'` (ASCII tested without a regex).
    const letter =
      c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 39 : LETTER.test(s[i] as string);
    if (letter) {
      word = Math.imul(word ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      add(Math.imul(word, 0x85ebca6b) & MASK);
      if (prevWord) add(Math.imul(prevWord ^ Math.imul(word, 0xc2b2ae35), 0x27d4eb2f) & MASK);
      prevWord = word;
      word = 0x2545f491;
      inWord = false;
    }
  }
}

const counts = new Uint16Array(DIM);
const touched = new Int32Array(1 << 16);

/**
 * Runs `visit(bucket, value)` over the unit-length feature vector of `norm` (counts weighted
 * log(1 + count)). Uses shared scratch arrays: not re-entrant, allocation-free.
 */
export function eachFeature(norm: string, visit: (bucket: number, value: number) => void): void {
  let used = 0;
  const limit = Math.min(norm.length, 8 * 1024);
  grams(norm.length > limit ? norm.slice(0, limit) : norm, (k) => {
    const c = counts[k] as number;
    if (c === 0) {
      if (used === touched.length) return;
      touched[used++] = k;
    }
    if (c < 65535) counts[k] = c + 1;
  });
  let norm2 = 0;
  for (let i = 0; i < used; i++) {
    const v = Math.log1p(counts[touched[i] as number] as number);
    norm2 += v * v;
  }
  const scale = norm2 ? 1 / Math.sqrt(norm2) : 0;
  for (let i = 0; i < used; i++) {
    const k = touched[i] as number;
    visit(k, Math.log1p(counts[k] as number) * scale);
    counts[k] = 0;
  }
}

/** The feature vector of `norm` as a map (for training). */
export function features(norm: string): Map<number, number> {
  const out = new Map<number, number>();
  eachFeature(norm, (k, v) => out.set(k, v));
  return out;
}

/** Longest window the model reads at once; longer text is read in overlapping windows. */
export const WINDOW_CHARS = 360;

/**
 * The windows of a text the model scores, as [start, end) spans (the text's score is the
 * highest): sentences and lines, each alone and with its neighbour, long ones cut into
 * overlapping pieces — so one instruction inside a long, harmless document is not averaged away.
 */
export function windows(text: string): Array<[number, number]> {
  if (text.length <= WINDOW_CHARS) return [[0, text.length]];
  const parts: Array<[number, number]> = [];
  let from = 0;
  const cut = (start: number, end: number) => {
    if (!text.slice(start, end).trim()) return;
    for (let i = start; i < end; i += WINDOW_CHARS / 2) {
      parts.push([i, Math.min(end, i + WINDOW_CHARS)]);
      if (i + WINDOW_CHARS >= end) break;
    }
  };
  for (const m of text.matchAll(/[.!?。！？\n]+/gu)) {
    const end = m.index + m[0].length;
    cut(from, end);
    from = end;
  }
  cut(from, text.length);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < parts.length; i++) {
    const cur = parts[i] as [number, number];
    out.push(cur);
    const next = parts[i + 1];
    if (next && next[1] - cur[0] <= WINDOW_CHARS) out.push([cur[0], next[1]]);
  }
  return out;
}
