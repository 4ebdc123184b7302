/**
 * Templates are text with `{{ expression }}` holes; each hole is a JSONata expression
 * evaluated against the run's expression context `{ input, nodes, prev }`. Parsing is
 * shared by the validator (to name the bad hole) and the engine (to render).
 */
export type TemplatePart = { text: string } | { expr: string; offset: number };

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open) });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateSyntaxError(`unclosed "{{" at character ${open + 1}`, open);
    const expr = source.slice(open + 2, close).trim();
    if (!expr) throw new TemplateSyntaxError(`empty "{{ }}" at character ${open + 1}`, open);
    parts.push({ expr, offset: open + 2 });
    i = close + 2;
  }
  return parts;
}
