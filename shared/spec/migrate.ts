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

/** A document too malformed for its version's migration; the message says which field. */
class MigrationError extends Error {}

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

const MIGRATIONS: Migration[] = [
  {
    from: 0,
    to: 1,
    describe: 'nodes map → array, edges {from,to,on} → {source,target,kind,branch}',
    up(doc) {
      const { version: _version, nodes, edges, ...rest } = doc;
      if (nodes !== undefined && !Array.isArray(nodes) && !isObject(nodes))
        throw new MigrationError('In a version 0.x spec, "nodes" must be an object keyed by step id.');
      if (edges !== undefined && !Array.isArray(edges))
        throw new MigrationError('In a version 0.x spec, "edges" must be a list of { "from", "to", "on" }.');
      const nodeList = Array.isArray(nodes)
        ? nodes
        : Object.entries(nodes ?? {}).map(([id, n]) => {
            if (!isObject(n)) throw new MigrationError(`In a version 0.x spec, step "${id}" must be an object.`);
            return { id, ...n };
          });
      const edgeList = ((edges ?? []) as unknown[]).map((e, i) => {
        if (!isObject(e))
          throw new MigrationError(`In a version 0.x spec, edge ${i + 1} must be an object { "from", "to", "on" }.`);
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
    try {
      current = step.up(current);
    } catch (e) {
      if (!(e instanceof MigrationError)) throw e;
      return { doc: current, from, applied, error: e.message };
    }
    applied.push(`${step.from}→${step.to}: ${step.describe}`);
  }
  return { doc: current, from, applied };
}
