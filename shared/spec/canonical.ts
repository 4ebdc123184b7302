/**
 * Stable serialisation: the same spec always produces the same bytes, so specs diff
 * cleanly in git. Known structural objects keep a fixed, readable key order; free-form
 * objects (configs, JSON Schemas, pinned data) are sorted alphabetically.
 */
const ORDER: Record<string, readonly string[]> = {
  spec: [
    '$schema',
    'specVersion',
    'id',
    'name',
    'description',
    'input',
    'output',
    'defaults',
    'secrets',
    'connectors',
    'zones',
    'nodes',
    'edges',
  ],
  node: ['id', 'type', 'typeVersion', 'name', 'position', 'zone', 'config', 'retry', 'timeoutMs', 'pinned', 'notes'],
  edge: ['id', 'source', 'target', 'kind', 'branch', 'maxTraversals', 'probability'],
  zone: ['id', 'name', 'color', 'description', 'position', 'size', 'policy'],
  position: ['x', 'y'],
};

type Shape = keyof typeof ORDER | 'free';

function orderKeys(obj: Record<string, unknown>, shape: Shape): string[] {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (shape === 'free') return keys.sort();
  const order = ORDER[shape] ?? [];
  const known = order.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !order.includes(k)).sort();
  return [...known, ...rest];
}

function childShape(parent: Shape, key: string): Shape | 'array-of-node' | 'array-of-edge' | 'array-of-zone' {
  if (parent === 'spec') {
    if (key === 'nodes') return 'array-of-node';
    if (key === 'edges') return 'array-of-edge';
    if (key === 'zones') return 'array-of-zone';
  }
  if ((parent === 'node' || parent === 'zone') && key === 'position') return 'position';
  return 'free';
}

function normalise(value: unknown, shape: ReturnType<typeof childShape>): unknown {
  if (Array.isArray(value)) {
    const item: Shape =
      shape === 'array-of-node'
        ? 'node'
        : shape === 'array-of-edge'
          ? 'edge'
          : shape === 'array-of-zone'
            ? 'zone'
            : 'free';
    return value.map((v) => normalise(v, item));
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const s = (shape.startsWith('array-of-') ? 'free' : shape) as Shape;
    const out: Record<string, unknown> = {};
    for (const k of orderKeys(obj, s)) out[k] = normalise(obj[k], childShape(s, k));
    return out;
  }
  return value;
}

/** Serialises a spec with stable key order, two-space indent and a trailing newline. */
export function stringifySpec(spec: unknown): string {
  return `${JSON.stringify(normalise(spec, 'spec'), null, 2)}\n`;
}

/** Canonical JSON for hashing and equality: sorted keys everywhere, no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, 'free'));
}
