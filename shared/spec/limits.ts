/**
 * Size limits of a spec, checked before anything else looks at it: a spec is a document an
 * analyst writes, and one that is megabytes of text, tens of thousands of steps or
 * thousands of levels deep is a mistake or an attack — either way it must get a clear
 * problem at once, not a host blocked for seconds or a stack overflow later in a run.
 *
 * The text checks (size, nesting) run on the raw text before `JSON.parse`, in one linear
 * scan; the document checks (steps, edges, string length, nesting of an already-parsed
 * document) walk it without recursion. docs/spec.md lists the limits for users.
 */
import { jsonPath, type Problem } from './problems';

export const SPEC_LIMITS = {
  /** Characters of spec text (about as many bytes for ASCII JSON). */
  maxChars: 10_000_000,
  /** Levels of nesting of objects and arrays. */
  maxDepth: 64,
  /** Steps: validating one costs ~0.4 ms (JSONata parsing dominates), so 5,000 take ~2 s. */
  maxNodes: 5_000,
  maxEdges: 10_000,
  /** Characters in any one string (a prompt, an expression, a pinned value). */
  maxStringChars: 1_000_000,
  /** Levels of nesting of run data (input, edited payloads): JSON tools overflow their stack far below 5,000. */
  maxDataDepth: 256,
} as const;

const fmtCount = (n: number) => n.toLocaleString('en-US');
const fmtMb = (chars: number) => `${Math.round((chars / 1_000_000) * 10) / 10} MB`;

function lineCol(text: string, pos: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${pos - last}`;
}

/** Too large or too deeply nested spec text, or undefined. Linear, never parses. */
export function checkSpecText(text: string): Problem | undefined {
  if (text.length > SPEC_LIMITS.maxChars) {
    return {
      severity: 'error',
      code: 'spec.too-large',
      path: '$',
      message: `the spec is too large: ${fmtMb(text.length)} of text; the limit is ${fmtMb(SPEC_LIMITS.maxChars)}`,
      hint: 'move large sample data out of pinned outputs, or split the workflow',
    };
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > SPEC_LIMITS.maxDepth) {
        return {
          severity: 'error',
          code: 'spec.too-deep',
          path: '$',
          message: `the spec is nested too deeply: more than ${SPEC_LIMITS.maxDepth} levels of objects and arrays at ${lineCol(text, i)}`,
          hint: 'flatten the nested data (a spec never needs this many levels)',
        };
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return undefined;
}

/** The first path segments, then "…": a path thousands of levels deep is no use to a person. */
function shortPath(parts: Array<string | number>): string {
  return parts.length <= 12 ? jsonPath(parts) : `${jsonPath(parts.slice(0, 12))}…`;
}

/** Too many steps or edges, a too long string or too deep nesting in a parsed document, or undefined. */
export function checkSpecDocument(doc: unknown): Problem | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { nodes?: unknown; edges?: unknown };
  for (const [key, max, what] of [
    ['nodes', SPEC_LIMITS.maxNodes, 'steps'],
    ['edges', SPEC_LIMITS.maxEdges, 'edges'],
  ] as const) {
    const list = d[key];
    if (Array.isArray(list) && list.length > max)
      return {
        severity: 'error',
        code: 'spec.too-large',
        path: jsonPath([key]),
        message: `the spec has too many ${what}: ${fmtCount(list.length)}; the limit is ${fmtCount(max)}`,
        hint: 'split the workflow into smaller ones',
      };
  }
  const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: doc, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: Array<string | number> };
    if (typeof v === 'string') {
      if (v.length > SPEC_LIMITS.maxStringChars)
        return {
          severity: 'error',
          code: 'spec.string-too-long',
          path: shortPath(path),
          message: `this text is too long: ${fmtCount(v.length)} characters; the limit is ${fmtCount(SPEC_LIMITS.maxStringChars)}`,
          hint: 'keep large documents out of the spec (pass them as run input)',
        };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= SPEC_LIMITS.maxDepth)
      return {
        severity: 'error',
        code: 'spec.too-deep',
        path: shortPath(path),
        message: `the spec is nested too deeply: more than ${SPEC_LIMITS.maxDepth} levels of objects and arrays here`,
        hint: 'flatten the nested data (a spec never needs this many levels)',
      };
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return undefined;
}

/**
 * The JSON path (shortened) where `value` first nests deeper than `maxDepth` levels of
 * objects and arrays, or undefined. Walks without recursion.
 */
export function tooDeepAt(value: unknown, maxDepth: number = SPEC_LIMITS.maxDataDepth): string | undefined {
  const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: Array<string | number> };
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return shortPath(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return undefined;
}
