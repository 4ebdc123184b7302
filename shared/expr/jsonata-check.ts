import jsonata from 'jsonata';
import { parseTemplate, TemplateSyntaxError } from './template';

/** Returns a message describing why an expression does not compile, or undefined. */
export function checkExpression(source: string): string | undefined {
  try {
    jsonata(source);
    return undefined;
  } catch (e) {
    const err = e as { message?: string; position?: number; token?: string };
    const at = typeof err.position === 'number' ? ` at character ${err.position}` : '';
    return `JSONata syntax error${at}: ${err.message ?? String(e)}`;
  }
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
