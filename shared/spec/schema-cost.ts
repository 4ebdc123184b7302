/**
 * How costly checking a value against a spec-supplied JSON Schema can be.
 *
 * A schema without references is a tree: each of its keywords is applied at most once per
 * value at the matching position, so validation costs O(schema size × value size) — except
 * for the keywords whose own work is not linear: `pattern` / `patternProperties` (a regular
 * expression can backtrack exponentially: `^(a+)+$`) and `uniqueItems` (pairwise
 * comparison). References (`$ref`, `$dynamicRef`) can make a schema recursive or share a
 * subschema many times over (exponential). `isSimpleSchema` says whether a schema avoids all
 * of these; the engine validates simple schemas in-process and the others in the sandbox.
 *
 * `unsafePattern` is the validation-time check: it refuses patterns with a quantified group
 * that itself contains an unbounded quantifier (`(a+)+`, `(\w*,)*`, `([a-z]+-?)+`), the
 * shape behind catastrophic backtracking. It cannot catch every slow pattern (overlapping
 * alternatives such as `(a|a)*` slip through), which is why run-time checks stay sandboxed.
 */

const REFS = new Set(['$ref', '$dynamicRef', '$recursiveRef']);
const COSTLY = new Set(['pattern', 'patternProperties', 'uniqueItems']);

/** True when validating against `schema` is provably linear (see the module comment). */
export function isSimpleSchema(schema: unknown, maxNodes = 5000): boolean {
  const stack: unknown[] = [schema];
  let seen = 0;
  while (stack.length) {
    const s = stack.pop();
    if (++seen > maxNodes) return false;
    if (Array.isArray(s)) {
      stack.push(...s);
      continue;
    }
    if (s === null || typeof s !== 'object') continue;
    for (const [k, v] of Object.entries(s)) {
      if (REFS.has(k) || (COSTLY.has(k) && v !== false)) return false;
      // `const`, `enum`, `default` and `examples` hold data, not subschemas.
      if (k !== 'const' && k !== 'enum' && k !== 'default' && k !== 'examples') stack.push(v);
    }
  }
  return true;
}

interface Group {
  /** The group contains an unbounded quantifier (`*`, `+`, `{n,}`) somewhere inside. */
  unbounded: boolean;
}

/**
 * Why `pattern` risks catastrophic backtracking, or undefined when it shows no such shape.
 * Scans the pattern's syntax (classes, escapes and groups) without running it.
 */
export function unsafePattern(pattern: string): string | undefined {
  const groups: Group[] = [{ unbounded: false }];
  let i = 0;
  const quantifier = (): { unbounded: boolean; repeats: boolean } | undefined => {
    const c = pattern[i];
    if (c === '*' || c === '+') return { unbounded: true, repeats: true };
    if (c === '?') return { unbounded: false, repeats: false };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
      return { unbounded: max === Infinity, repeats: max > 1 };
    }
    return undefined;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') {
      groups.push({ unbounded: false });
      i++;
      if (pattern[i] === '?') {
        // (?:…) (?=…) (?!…) (?<=…) (?<!…) (?<name>…)
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          while (i < pattern.length && pattern[i] !== '>') i++;
        }
        i++;
      }
      continue;
    }
    if (c === ')') {
      const g = groups.length > 1 ? groups.pop() : undefined;
      i++;
      // A group's inner unboundedness also counts for the group around it.
      if (g?.unbounded) (groups[groups.length - 1] as Group).unbounded = true;
      const q = quantifier();
      if (q) {
        if (g?.unbounded && q.repeats)
          return 'a repeated group contains another unbounded repetition (like (a+)+), which can take exponential time on some inputs';
        if (q.unbounded) (groups[groups.length - 1] as Group).unbounded = true;
        i++;
        if (pattern[i] === '?') i++;
      }
      continue;
    }
    const q = quantifier();
    if (q) {
      if (q.unbounded) (groups[groups.length - 1] as Group).unbounded = true;
      i++;
      if (pattern[i] === '?') i++;
      continue;
    }
    i++;
  }
  return undefined;
}

/** Every pattern in a schema (`pattern` values and `patternProperties` keys), with its JSON path. */
export function schemaPatterns(schema: unknown, base = '$'): Array<{ path: string; pattern: string }> {
  const out: Array<{ path: string; pattern: string }> = [];
  const stack: Array<[unknown, string]> = [[schema, base]];
  while (stack.length) {
    const [s, at] = stack.pop() as [unknown, string];
    if (Array.isArray(s)) {
      s.forEach((x, i) => stack.push([x, `${at}[${i}]`]));
      continue;
    }
    if (s === null || typeof s !== 'object') continue;
    for (const [k, v] of Object.entries(s)) {
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${at}.${k}` : `${at}[${JSON.stringify(k)}]`;
      if (k === 'pattern' && typeof v === 'string') out.push({ path: p, pattern: v });
      else if (k === 'patternProperties' && v && typeof v === 'object')
        for (const key of Object.keys(v)) out.push({ path: `${p}[${JSON.stringify(key)}]`, pattern: key });
      if (k !== 'const' && k !== 'enum' && k !== 'default' && k !== 'examples') stack.push([v, p]);
    }
  }
  return out;
}
