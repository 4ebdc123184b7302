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
 * The learned model (injection-model.ts) reads the text, its disguised and leetspeak views
 * and its decoded segments too: it catches wordings no rule lists (other languages,
 * paraphrase) and reports a `model` finding (medium) over the window it scored highest.
 *
 * Severity: `high` for patterns with almost no innocent use, `medium` for ones that need a
 * human to look, `low` for weak hints (long encoded blobs), which are recorded but never block.
 */
import { injectionScore, MODEL_THRESHOLD } from './injection-model';
import { RULES, type Rule } from './injection-rules';
import { decodedSegments, folded, LEET, mapped, rot13, type View } from './injection-views';

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
  'model',
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
  // The model adds what the rules missed: it is not asked when a rule already blocks.
  if (!out.some((m) => m.severity !== 'low')) learned(text, views, out);
  return mergeOverlaps(out.sort((a, b) => a.start - b.start || b.end - a.end));
}

/** The learned model on the text and its views (rot13 excepted: it turns every ordinary text into noise). */
function learned(text: string, views: View[], out: InjectionMatch[]): void {
  for (const v of [{ name: '', text, origin: [] } as View, ...views]) {
    if (v.name === 'rot13') continue;
    const m = injectionScore(v.text);
    if (m.score < MODEL_THRESHOLD) continue;
    const score = m.score.toFixed(2);
    if (!v.name)
      out.push({
        kind: 'model',
        start: m.start,
        end: m.end,
        severity: 'medium',
        message: `reads as instructions to an AI (learned model, score ${score})`,
      });
    else {
      const start = v.origin.length ? (v.origin[m.start] ?? 0) : m.start;
      const end = v.width !== undefined ? start + v.width : (v.origin[Math.max(m.start, m.end - 1)] ?? start) + 1;
      out.push({
        kind: 'encoded-payload',
        start,
        end,
        severity: 'high',
        message: `reads as instructions to an AI (learned model, score ${score}), hidden as ${v.name} text`,
      });
    }
    return;
  }
}

/** True when `text` carries a prompt-injection signal that blocks (medium or high): the screen's verdict on one string. */
export function isInjection(text: string): boolean {
  return findInjection(text).some((m) => m.severity !== 'low');
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
