/**
 * Loading a spec: JSON text → migrated document → schema-checked spec → semantic checks.
 * Every stage reports problems with a JSON path and a hint; nothing throws for bad input.
 */
import { builtinCatalog, type NodeCatalog } from '../nodes/catalog';
import { migrateSpec } from './migrate';
import { checkSpecDocument, checkSpecText } from './limits';
import { nameProblems, schemaProblems } from './problem-names';
import { hasErrors, jsonPath, type Problem } from './problems';
import { SpecSchema, type WorkflowSpec } from './schema';
import { validateSemantics } from './validate';
import type { ZodIssueLike } from './zod-text';

export interface LoadResult {
  /** Present when the document is schema-valid (it may still have semantic errors). */
  spec?: WorkflowSpec;
  problems: Problem[];
  /** Migrations that were applied while loading. */
  migrated: string[];
  ok: boolean;
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

/**
 * Parses spec JSON text, reporting syntax errors with line and column. Text over the size
 * or nesting limits (limits.ts) is refused before it is parsed.
 */
export function parseJsonText(text: string): { value?: unknown; problem?: Problem } {
  const tooBig = checkSpecText(text);
  if (tooBig) return { problem: tooBig };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const where = m ? ` at ${lineCol(text, Number(m[1]))}` : '';
    return {
      problem: {
        severity: 'error',
        code: 'json.syntax',
        path: '$',
        message: `The file is not valid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '')}.`,
        hint: 'Fix the JSON syntax: a trailing comma or a missing quote is common.',
      },
    };
  }
}

/** Validates an already-parsed document. */
export function loadSpecDocument(doc: unknown, catalog: NodeCatalog = builtinCatalog): LoadResult {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return {
      problems: nameProblems(
        [
          {
            severity: 'error',
            code: 'schema',
            path: '$',
            message: 'A workflow spec must be a JSON object.',
            hint: 'Start from an example in resources/examples.',
          },
        ],
        undefined,
        catalog,
      ),
      migrated: [],
      ok: false,
    };
  }
  const tooBig = checkSpecDocument(doc);
  if (tooBig) return { problems: nameProblems([tooBig], undefined, catalog), migrated: [], ok: false };
  const mig = migrateSpec(doc as Record<string, unknown>);
  if (mig.error)
    return {
      problems: nameProblems(
        [
          {
            severity: 'error',
            code: 'spec.version',
            path: jsonPath(['specVersion']),
            message: mig.error,
            hint: 'Open it with the Waymark version that saved it, or upgrade Waymark.',
          },
        ],
        doc,
        catalog,
      ),
      migrated: mig.applied,
      ok: false,
    };
  const parsed = SpecSchema.safeParse(mig.doc);
  if (!parsed.success) {
    const issues = (parsed.error as { issues: ZodIssueLike[] }).issues;
    return { problems: schemaProblems(issues, mig.doc, catalog), migrated: mig.applied, ok: false };
  }
  const problems = nameProblems(validateSemantics(parsed.data, catalog), parsed.data, catalog);
  return { spec: parsed.data, problems, migrated: mig.applied, ok: !hasErrors(problems) };
}

/** Parses and validates spec text (the contents of a `*.waymark.json`). */
export function loadSpecText(text: string, catalog: NodeCatalog = builtinCatalog): LoadResult {
  const { value, problem } = parseJsonText(text);
  if (problem) return { problems: nameProblems([problem], undefined, catalog), migrated: [], ok: false };
  return loadSpecDocument(value, catalog);
}
