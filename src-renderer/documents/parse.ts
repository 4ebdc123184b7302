/**
 * Reading spec text into the editor: JSON → migrated to the current version → checked
 * against the spec schema (zod, run without eval). Semantic checks are the backend's job;
 * here we only need a document the canvas can show.
 */
import { builtinCatalog } from '../../shared/nodes/catalog';
import { migrateSpec } from '../../shared/spec/migrate';
import { nameProblems, schemaProblems } from '../../shared/spec/problem-names';
import type { Problem } from '../../shared/spec/problems';
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
      message: `The text is not valid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`,
    };
  }
}

/** Checks a parsed document; returns the spec (defaults applied) or schema problems. */
export function checkSpecDocument(doc: unknown): ParseResult {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    const problem: Problem = {
      severity: 'error',
      code: 'schema',
      path: '$',
      message: 'A workflow spec must be a JSON object.',
      hint: 'Start from an example, or paste a whole spec.',
    };
    return { ok: false, problems: nameProblems([problem], undefined, builtinCatalog) };
  }
  const mig = migrateSpec(doc as Record<string, unknown>);
  if (mig.error)
    return {
      ok: false,
      problems: nameProblems(
        [
          {
            severity: 'error',
            code: 'spec.version',
            path: '$.specVersion',
            message: mig.error,
            hint: 'Open it with the Waymark version that saved it, or upgrade Waymark.',
          },
        ],
        doc,
        builtinCatalog,
      ),
    };
  // The editor can hold a workflow that is still empty; the validator reports "needs a start and an end".
  const candidate = { ...mig.doc, nodes: mig.doc.nodes ?? [] };
  const parsed = SpecSchema.extend({ nodes: SpecSchema.shape.nodes.unwrap().array() }).safeParse(candidate);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, problems: schemaProblems(parsed.error.issues, candidate, builtinCatalog) };
}

export function parseSpecText(text: string): ParseResult {
  const json = parseJson(text);
  if (!json.ok)
    return {
      ok: false,
      problems: nameProblems(
        [
          {
            severity: 'error',
            code: 'json.syntax',
            path: '$',
            message: json.message,
            hint: 'Fix the JSON syntax: a trailing comma or a missing quote is common.',
          },
        ],
        undefined,
        builtinCatalog,
      ),
    };
  return checkSpecDocument(json.value);
}
