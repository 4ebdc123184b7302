/**
 * Which JSONata expressions may run in-process, without the sandbox: those whose syntax
 * alone proves they finish in time linear in the size of the data they read.
 *
 * The proof, per construct allowed:
 * - literals cost O(1); `$` (the context item) is a reference;
 * - a path of names and wildcards selects parts of the data it walks: every step's result
 *   is a subset of its input, so a path costs O(size of the data);
 * - a filter `[…]` evaluates an expression of this same grammar once per item, against that
 *   item only (no `$$`, no variables that reach outside it), and keeps a subset;
 * - operators (`+ - * / % = != < <= > >= and or & in`), conditions, blocks and array/object
 *   constructors combine sub-results: as the AST is a tree with at most `MAX_NODES` nodes,
 *   no value is combined with itself more than that many times.
 * Everything else can loop or blow up — function calls (including `$eval`, `$pad`, higher-order
 * functions), lambdas, `:=` bindings, ranges `[1..n]`, `$$` and other variables (a `$$` in a
 * path step multiplies the path by the whole input), regexes, sorts, grouping, `%`, `#`, `@` —
 * and goes to the sandbox. So does anything longer than `MAX_SOURCE` characters (even parsing
 * it is left to the sandbox).
 */
import jsonata from 'jsonata';

/** Sources longer than this are not parsed in-process. */
export const MAX_SOURCE = 2000;
/** ASTs larger than this are not proven cheap. */
export const MAX_NODES = 200;

const OPERATORS = new Set(['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&', 'in']);
/** Step annotations that bind variables, sort or group: not in the cheap grammar. */
const STEP_EXTRAS = ['group', 'focus', 'index', 'tuple', 'ancestor', 'seekingParent', 'predicate'] as const;

type Ast = Record<string, unknown> & { type?: string; value?: unknown };

const cache = new Map<string, boolean>();

/** True when `source` is provably cheap (see the module comment). Never throws. */
export function isCheap(source: string): boolean {
  let known = cache.get(source);
  if (known === undefined) {
    known = classify(source);
    if (cache.size > 5000) cache.clear();
    cache.set(source, known);
  }
  return known;
}

function classify(source: string): boolean {
  if (source.length > MAX_SOURCE) return false;
  let ast: Ast;
  try {
    ast = jsonata(source).ast() as Ast;
  } catch {
    return false; // a syntax error is reported by the evaluation that follows, wherever it runs
  }
  let budget = MAX_NODES;
  const ok = (n: unknown): boolean => {
    if (--budget < 0 || !n || typeof n !== 'object') return false;
    const node = n as Ast;
    if (node.group || node.stages || node.predicate || node.keepSingletonArray) return false;
    switch (node.type) {
      case 'string':
      case 'number':
      case 'value':
        return true;
      case 'variable':
        return node.value === '';
      case 'path':
        return Array.isArray(node.steps) && node.steps.every(step);
      case 'binary':
        return OPERATORS.has(node.value as string) && ok(node.lhs) && ok(node.rhs);
      case 'condition':
        return ok(node.condition) && ok(node.then) && (node.else === undefined || ok(node.else));
      case 'block':
        return Array.isArray(node.expressions) && node.expressions.every(ok);
      case 'unary':
        if (node.value === '-') return ok(node.expression);
        if (node.value === '[') return Array.isArray(node.expressions) && node.expressions.every(ok);
        if (node.value === '{')
          return Array.isArray(node.lhs) && node.lhs.every((pair) => Array.isArray(pair) && pair.every(ok));
        return false;
      default:
        return false;
    }
  };
  const step = (s: unknown): boolean => {
    if (--budget < 0 || !s || typeof s !== 'object') return false;
    const node = s as Ast;
    if (STEP_EXTRAS.some((k) => node[k] !== undefined)) return false;
    if (node.type !== 'name' && node.type !== 'wildcard' && !(node.type === 'variable' && node.value === ''))
      return false;
    const stages = node.stages;
    if (stages === undefined) return true;
    return (
      Array.isArray(stages) &&
      stages.every((st) => !!st && typeof st === 'object' && (st as Ast).type === 'filter' && ok((st as Ast).expr))
    );
  };
  return ok(ast);
}
