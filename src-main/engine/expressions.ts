/**
 * JSONata evaluation for expressions and `{{ }}` templates, with compiled expressions
 * cached by source text (compiling dominates the cost of short expressions). This is the
 * raw, in-thread evaluator: the engine reaches it through engine/bounded.ts, which runs
 * only provably cheap expressions here and sends the rest to the sandbox.
 */
import jsonata from 'jsonata';
import { parseTemplate, type TemplatePart } from '../../shared/expr/template';
import { StepError } from './errors';
import { SandboxLimitError } from './limits';

type Compiled = ReturnType<typeof jsonata>;

const compiled = new Map<string, Compiled>();
const templates = new Map<string, TemplatePart[]>();

function compile(source: string): Compiled {
  let c = compiled.get(source);
  if (!c) {
    try {
      c = jsonata(source);
    } catch (e) {
      throw new StepError({
        code: 'expression',
        retryable: false,
        message: `cannot compile expression "${source}": ${(e as Error).message}`,
      });
    }
    if (compiled.size > 5000) compiled.clear();
    compiled.set(source, c);
  }
  return c;
}

export interface EvaluateOptions {
  /**
   * Stops evaluation with a `SandboxLimitError` once it has run this long. JSONata checks
   * it at every evaluation step, which stops runaway recursion cooperatively (a single long
   * built-in call still runs to its end); the expression is compiled afresh for it.
   */
  timeoutMs?: number;
}

/** Evaluates `source` against the scope. Undefined results stay undefined. */
export async function evaluate(source: string, scope: unknown, opts: EvaluateOptions = {}): Promise<unknown> {
  const timeout = opts.timeoutMs;
  try {
    const c = timeout === undefined ? compile(source) : jsonata(source, { timeout });
    return await c.evaluate(scope);
  } catch (e) {
    if (e instanceof StepError) throw e;
    if (timeout !== undefined && (e as { code?: string }).code === 'D1012')
      throw new SandboxLimitError('time', timeout);
    throw new StepError({
      code: 'expression',
      retryable: false,
      message: `expression "${source}" failed: ${(e as Error).message}`,
    });
  }
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Renders a template, evaluating each hole with `evaluateHole`; `encode` post-processes
 * each hole's text (URL-encoding for paths).
 */
export async function render(
  template: string,
  evaluateHole: (expression: string) => Promise<unknown>,
  encode: (s: string) => string = (s) => s,
): Promise<string> {
  let parts = templates.get(template);
  if (!parts) {
    try {
      parts = parseTemplate(template);
    } catch (e) {
      throw new StepError({ code: 'expression', retryable: false, message: `template: ${(e as Error).message}` });
    }
    templates.set(template, parts);
  }
  let out = '';
  for (const p of parts) out += 'text' in p ? p.text : encode(asText(await evaluateHole(p.expr)));
  return out;
}
