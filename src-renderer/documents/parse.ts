/**
 * Reading spec text into the editor: JSON → migrated to the current version → checked
 * against the spec schema (zod, run without eval). Semantic checks are the backend's job;
 * here we only need a document the canvas can show.
 */
import { jsonPath, type Problem } from '../../shared/spec/problems';
import { migrateSpec } from '../../shared/spec/migrate';
import { SpecSchema, type WorkflowSpec } from '../../shared/spec/schema';

export type ParseResult = { ok: true; spec: WorkflowSpec } | { ok: false; problems: Problem[] };

function lineColumn(text: string, pos: number): string {
  const before = text.slice(0, pos);
  return `line ${before.split('\n').length}, column ${pos - before.lastIndexOf('\n')}`;
}

/** JSON.parse with an error that names the line and column. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const where = m ? ` at ${lineColumn(text, Number(m[1]))}` : '';
    return {
      ok: false,
      message: `Invalid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`,
    };
  }
}

/** Checks a parsed document; returns the spec (defaults applied) or schema problems. */
export function checkSpecDocument(doc: unknown): ParseResult {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return {
      ok: false,
      problems: [{ severity: 'error', code: 'schema', path: '$', message: 'a spec must be a JSON object' }],
    };
  }
  const mig = migrateSpec(doc as Record<string, unknown>);
  if (mig.error)
    return {
      ok: false,
      problems: [{ severity: 'error', code: 'spec.version', path: '$.specVersion', message: mig.error }],
    };
  // The editor can hold a workflow that is still empty; the validator reports "needs a start and an end".
  const candidate = { ...mig.doc, nodes: mig.doc.nodes ?? [] };
  const parsed = SpecSchema.extend({ nodes: SpecSchema.shape.nodes.unwrap().array() }).safeParse(candidate);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({
      severity: 'error' as const,
      code: 'schema',
      path: jsonPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
      message:
        i.code === 'unrecognized_keys'
          ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`
          : i.message,
    })),
  };
}

export function parseSpecText(text: string): ParseResult {
  const json = parseJson(text);
  if (!json.ok)
    return { ok: false, problems: [{ severity: 'error', code: 'json.syntax', path: '$', message: json.message }] };
  return checkSpecDocument(json.value);
}
