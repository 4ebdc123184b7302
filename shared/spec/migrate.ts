/**
 * Spec migrations. Loading always brings a document to the current `specVersion` before
 * validating it, so old files keep opening. Each step is a pure function of the previous
 * version's document; a new format adds one step here and a test.
 *
 * Version 0 is the preview format Waymark shipped before 1.0: `version: "0.x"`, nodes as an
 * object keyed by id, and edges written as `{ from, to, on }`.
 */
import { SPEC_VERSION } from './schema';

type Doc = Record<string, unknown>;
type Migration = { from: number; to: number; describe: string; up(doc: Doc): Doc };

const MIGRATIONS: Migration[] = [
  {
    from: 0,
    to: 1,
    describe: 'nodes map → array, edges {from,to,on} → {source,target,kind,branch}',
    up(doc) {
      const { version: _version, nodes, edges, ...rest } = doc;
      const nodeList = Array.isArray(nodes)
        ? nodes
        : Object.entries((nodes ?? {}) as Record<string, Doc>).map(([id, n]) => ({ id, ...n }));
      const edgeList = ((edges ?? []) as Doc[]).map((e, i) => {
        const { from, to, on, ...other } = e;
        const kind = on === undefined || on === 'next' ? 'next' : on === 'error' ? 'error' : 'branch';
        return {
          id: other.id ?? `e${i + 1}`,
          source: from,
          target: to,
          kind,
          ...(kind === 'branch' ? { branch: on } : {}),
          ...other,
        };
      });
      return { ...rest, specVersion: 1, nodes: nodeList, edges: edgeList };
    },
  },
];

/** Reads the version a document declares: `specVersion`, or 0 for the preview format. */
export function declaredVersion(doc: Doc): number | undefined {
  if (typeof doc.specVersion === 'number') return doc.specVersion;
  if (doc.specVersion === undefined && typeof doc.version === 'string' && doc.version.startsWith('0.')) return 0;
  return undefined;
}

export interface MigrationResult {
  doc: Doc;
  from: number | undefined;
  applied: string[];
  error?: string;
}

/** Migrates a parsed document to SPEC_VERSION. Unknown or future versions are reported. */
export function migrateSpec(doc: Doc): MigrationResult {
  const from = declaredVersion(doc);
  if (from === undefined) return { doc, from, applied: [] }; // schema validation names the missing field
  if (from > SPEC_VERSION) {
    return {
      doc,
      from,
      applied: [],
      error: `Spec version ${from} is newer than this Waymark understands (up to ${SPEC_VERSION}).`,
    };
  }
  let current = doc;
  const applied: string[] = [];
  for (let v = from; v < SPEC_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) return { doc: current, from, applied, error: `Spec version ${v} is not one Waymark can read.` };
    current = step.up(current);
    applied.push(`${step.from}→${step.to}: ${step.describe}`);
  }
  return { doc: current, from, applied };
}
