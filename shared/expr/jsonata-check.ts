import jsonata from 'jsonata';
import { parseTemplate, TemplateSyntaxError } from './template';

const checked = new Map<string, string | undefined>();

/**
 * Returns a message describing why an expression does not compile, or undefined. Results
 * are cached by source: JSONata builds its parser afresh for every expression, which
 * dominated re-validating a large spec on every edit.
 */
export function checkExpression(source: string): string | undefined {
  if (checked.has(source)) return checked.get(source);
  let msg: string | undefined;
  try {
    jsonata(source);
  } catch (e) {
    const err = e as { message?: string; position?: number; token?: string };
    const at = typeof err.position === 'number' ? ` at character ${err.position}` : '';
    msg = `JSONata syntax error${at}: ${err.message ?? String(e)}`;
  }
  if (checked.size > 10_000) checked.clear();
  checked.set(source, msg);
  return msg;
}

/** Returns a message describing why a template does not compile, or undefined. */
export function checkTemplate(source: string): string | undefined {
  try {
    for (const part of parseTemplate(source)) {
      if ('expr' in part) {
        const msg = checkExpression(part.expr);
        if (msg) return `in "{{ ${part.expr} }}": ${msg}`;
      }
    }
    return undefined;
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e.message;
    throw e;
  }
}
