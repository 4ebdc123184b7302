import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../shared/nodes/catalog';
import { canonicalJson, stringifySpec } from '../shared/spec/canonical';
import { generateSpecJsonSchema } from '../shared/spec/json-schema-gen';
import { loadSpecDocument, loadSpecText } from '../shared/spec/load';

const root = path.resolve(__dirname, '..');
const examples = readdirSync(path.join(root, 'resources/examples')).filter((f) => f.endsWith('.waymark.json'));
const read = (f: string) => readFileSync(path.join(root, 'resources/examples', f), 'utf8');

describe('spec loading', () => {
  it('migrates the 0.x preview format (nodes map, from/to/on edges)', () => {
    const r = loadSpecDocument({
      version: '0.9',
      id: 'old',
      name: 'Old',
      nodes: {
        s: { type: 'start', name: 'S' },
        d: { type: 'decision', name: 'D', config: { rules: [{ when: 'true', branch: 'yes' }], defaultBranch: 'no' } },
        e: { type: 'end', name: 'E' },
      },
      edges: [
        { from: 's', to: 'd' },
        { from: 'd', to: 'e', on: 'yes' },
        { from: 'd', to: 'e', on: 'no' },
      ],
    });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.migrated).toEqual(['0→1: nodes map → array, edges {from,to,on} → {source,target,kind,branch}']);
    expect(r.spec?.edges[1]).toEqual({ id: 'e2', source: 'd', target: 'e', kind: 'branch', branch: 'yes' });
  });

  it('refuses a spec from the future with a clear message', () => {
    const r = loadSpecDocument({ specVersion: 99, id: 'x', name: 'X', nodes: [] });
    expect(r.problems[0]).toMatchObject({
      path: '$.specVersion',
      message: expect.stringContaining('newer than this Waymark understands'),
    });
  });

  it('names unknown fields and wrong types by path', () => {
    const r = loadSpecDocument({
      specVersion: 1,
      id: 'x',
      name: 'X',
      nodes: [{ id: 's', type: 'start', name: 'S', colour: 'red', position: { x: 'left', y: 0 } }],
    });
    expect(r.problems.map((p) => [p.path, p.message])).toEqual(
      expect.arrayContaining([
        ['$.nodes[0]', 'This step has an unknown field "colour".'],
        ['$.nodes[0].position.x', 'Position › X must be a number, not text.'],
      ]),
    );
  });

  it('checks node configs per type and names the field', () => {
    const r = loadSpecDocument({
      specVersion: 1,
      id: 'x',
      name: 'X',
      connectors: { api: { kind: 'http', baseUrl: 'http://127.0.0.1:1' } },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 't', type: 'tool', name: 'T', config: { connector: 'nope', method: 'FETCH', path: '/x/{{ input. }}' } },
        { id: 'l', type: 'llm', name: 'L', config: { model: 'api', prompt: 'hi', outputSchema: { type: 'objekt' } } },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: [
        { id: 'e1', source: 's', target: 't' },
        { id: 'e2', source: 't', target: 'l' },
        { id: 'e3', source: 'l', target: 'e' },
      ],
    });
    const paths = r.problems.filter((p) => p.severity === 'error').map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['$.nodes[1].config.method', '$.nodes[2].config.model', '$.nodes[2].config.outputSchema']),
    );
    const r2 = loadSpecDocument({
      specVersion: 1,
      id: 'x',
      name: 'X',
      connectors: {
        api: { kind: 'http', baseUrl: 'http://127.0.0.1:1', headers: { Authorization: { secret: 'TOKEN' } } },
      },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 't', type: 'tool', name: 'T', config: { connector: 'nope', path: '/x/{{ input. }}' } },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: [
        { id: 'e1', source: 's', target: 't' },
        { id: 'e2', source: 't', target: 'e' },
        { id: 'e3', source: 't', target: 'e' },
      ],
    });
    const codes = r2.problems.map((p) => `${p.code} ${p.path}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'node.unknown-connector $.nodes[1].config.connector',
        'node.template $.nodes[1].config.path',
        'secret.undeclared $.connectors.api.headers.Authorization.secret',
        'edge.duplicate $.edges[2]',
        'graph.no-error-path $.nodes[1]',
      ]),
    );
  });
});

describe('canonical form', () => {
  it.each(examples)('%s is stored in canonical form and round-trips byte-identically', (f) => {
    const text = read(f);
    expect(stringifySpec(JSON.parse(text))).toBe(text);
    const shuffled = JSON.parse(text, (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(stringifySpec(shuffled)).toBe(text);
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('published JSON Schema', () => {
  it('is up to date with the zod source (run `npm run gen:schema`)', () => {
    const published = JSON.parse(readFileSync(path.join(root, 'resources/schema/waymark.schema.json'), 'utf8'));
    expect(published).toEqual(generateSpecJsonSchema());
  });

  it.each(examples)('accepts %s, and the loader agrees', (f) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(generateSpecJsonSchema());
    const doc = JSON.parse(read(f));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(loadSpecText(read(f), builtinCatalog).ok).toBe(true);
  });

  it('rejects a per-type config error that only the node schema knows', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(generateSpecJsonSchema());
    const doc = JSON.parse(read('refund-triage.waymark.json'));
    doc.nodes[1].config.repairAttempts = 'many';
    expect(validate(doc)).toBe(false);
  });
});
