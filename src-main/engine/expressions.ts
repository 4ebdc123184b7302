/**
 * JSONata evaluation for expressions and `{{ }}` templates, with compiled expressions
 * cached by source text (compiling dominates the cost of short expressions).
 */
import jsonata from 'jsonata';
import { parseTemplate, type TemplatePart } from '../../shared/expr/template';
import { StepError } from './errors';
import type { ExprScope } from './node-def';

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

/** Evaluates `source` against the scope. Undefined results stay undefined. */
export async function evaluate(source: string, scope: ExprScope): Promise<unknown> {
  try {
    return await compile(source).evaluate(scope);
  } catch (e) {
    if (e instanceof StepError) throw e;
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

/** Renders a template; `encode` post-processes each hole (URL-encoding for paths). */
export async function render(
  template: string,
  scope: ExprScope,
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
  for (const p of parts) out += 'text' in p ? p.text : encode(asText(await evaluate(p.expr, scope)));
  return out;
}
