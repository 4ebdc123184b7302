// The API service on its own: every method for real, on temp directories.
import { mkdtemp, readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../src-main/host/api-service';

const VALID = JSON.stringify({
  specVersion: 1,
  id: 'demo',
  name: 'Demo',
  nodes: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'end', type: 'end', name: 'End' },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'end' }],
});

let dir: string;
let service: ApiService;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-api-'));
  await mkdir(path.join(dir, 'examples'));
  await writeFile(
    path.join(dir, 'examples', 'refund-triage.waymark.json'),
    JSON.stringify({ specVersion: 1, id: 'refund', name: 'Refund triage', description: 'Triage refunds', nodes: [] }),
  );
  await writeFile(path.join(dir, 'examples', 'plain.waymark.json'), '{ not json');
  await writeFile(path.join(dir, 'examples', 'README.md'), 'not an example');
  service = createApiService({
    dataDir: path.join(dir, 'data'),
    examplesDir: path.join(dir, 'examples'),
    workspace: dir,
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('spec.validate', () => {
  it('returns canonical text for a valid spec', async () => {
    const r = await service.dispatch('spec.validate', { text: VALID });
    expect(r).toMatchObject({ result: { ok: true, problems: [] } });
    expect('result' in r && JSON.parse((r.result as { canonical: string }).canonical).nodes[0].typeVersion).toBe(1);
  });

  it('reports problems with JSON paths and no canonical text for a schema-invalid spec', async () => {
    const r = await service.dispatch('spec.validate', {
      text: JSON.stringify({ specVersion: 1, id: 'x', name: 'X', nodes: [{ id: 'a', type: 'start', name: '' }] }),
    });
    expect(r).toMatchObject({ result: { ok: false, problems: [{ path: '$.nodes[0].name', severity: 'error' }] } });
    expect('result' in r && (r.result as { canonical?: string }).canonical).toBeUndefined();
  });

  it('reports JSON syntax errors with a line and column', async () => {
    const r = await service.dispatch('spec.validate', { text: '{\n  "a": 1,\n}' });
    expect(r).toMatchObject({ result: { ok: false, problems: [{ code: 'json.syntax', path: '$' }] } });
  });
});

describe('examples', () => {
  it('lists *.waymark.json files by basename with title and description from the spec', async () => {
    const r = await service.dispatch('examples.list', {});
    expect(r).toEqual({
      result: [
        { name: 'plain', title: 'plain', description: '' },
        { name: 'refund-triage', title: 'Refund triage', description: 'Triage refunds' },
      ],
    });
  });

  it('reads one example and rejects path tricks before touching the disk', async () => {
    expect(await service.dispatch('examples.read', { name: 'refund-triage' })).toMatchObject({
      result: { name: 'refund-triage' },
    });
    for (const name of ['../secret', '..', 'a/b', 'README.md', '']) {
      const r = await service.dispatch('examples.read', { name });
      expect(r).toMatchObject({ error: { code: 'invalid_params' } });
      expect('error' in r && r.error.message).toContain('params.name');
    }
    expect(await service.dispatch('examples.read', { name: 'missing' })).toMatchObject({
      error: { code: 'not_found' },
    });
  });

  it('lists nothing when the examples directory is missing', async () => {
    const s = createApiService({ dataDir: dir, examplesDir: path.join(dir, 'nope') });
    expect(await s.dispatch('examples.list', {})).toEqual({ result: [] });
  });
});

describe('documents', () => {
  it('saves canonical text atomically, opens it back, and remembers recent files newest first', async () => {
    const saved = await service.dispatch('documents.save', { path: 'a.waymark.json', text: VALID });
    const file = path.join(dir, 'a.waymark.json');
    expect(saved).toMatchObject({ result: { path: file } });
    const onDisk = await readFile(file, 'utf8');
    expect('result' in saved && (saved.result as { text: string }).text).toBe(onDisk);
    expect(onDisk.endsWith('\n')).toBe(true);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));

    await service.dispatch('documents.save', { path: path.join(dir, 'b.waymark.json'), text: VALID });
    expect(await service.dispatch('documents.open', { path: file })).toEqual({ result: { path: file, text: onDisk } });
    expect(await service.dispatch('documents.recent', {})).toEqual({
      result: [file, path.join(dir, 'b.waymark.json')],
    });

    // Persisted: a new service over the same data dir sees the same list.
    const again = createApiService({ dataDir: path.join(dir, 'data'), examplesDir: dir, workspace: dir });
    expect(await again.dispatch('documents.recent', {})).toEqual({ result: [file, path.join(dir, 'b.waymark.json')] });
  });

  it('refuses to overwrite a file with invalid JSON and leaves it untouched', async () => {
    const file = path.join(dir, 'keep.waymark.json');
    await writeFile(file, 'original bytes');
    const r = await service.dispatch('documents.save', { path: file, text: '{"specVersion": 1,' });
    expect(r).toMatchObject({ error: { code: 'invalid_spec', problems: [{ code: 'json.syntax' }] } });
    expect('error' in r && r.error.message).toMatch(/not valid JSON.*left unchanged/);
    expect(await readFile(file, 'utf8')).toBe('original bytes');
  });

  it('refuses a JSON document that is not a spec', async () => {
    const r = await service.dispatch('documents.save', { path: 'x.json', text: '[1, 2]' });
    expect(r).toMatchObject({ error: { code: 'invalid_spec' } });
    expect('error' in r && r.error.message).toMatch(/not a Waymark spec document/);
  });

  it('only reads and writes .json files', async () => {
    await writeFile(path.join(dir, '.bashrc'), 'secret');
    expect(await service.dispatch('documents.open', { path: '.bashrc' })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await service.dispatch('documents.save', { path: '.bashrc', text: VALID })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await readFile(path.join(dir, '.bashrc'), 'utf8')).toBe('secret');
  });

  it('requires a path in the web host (no dialogs) and names the field', async () => {
    const r = await service.dispatch('documents.open', {});
    expect(r).toMatchObject({ error: { code: 'invalid_params' } });
    expect('error' in r && r.error.message).toContain('params.path');
  });

  it('reports a missing file as not_found with its path', async () => {
    const r = await service.dispatch('documents.open', { path: 'gone.waymark.json' });
    expect(r).toMatchObject({ error: { code: 'not_found' } });
    expect('error' in r && r.error.message).toContain('gone.waymark.json');
  });

  it('uses the dialogs when no path is given, and returns null when cancelled', async () => {
    const picks: Array<string | null> = [path.join(dir, 'picked.waymark.json'), null];
    const asked: unknown[] = [];
    const s = createApiService({
      dataDir: dir,
      examplesDir: dir,
      dialogs: {
        showOpen: async () => picks.shift() ?? null,
        showSave: async (o) => {
          asked.push(o);
          return picks.shift() ?? null;
        },
      },
    });
    expect(await s.dispatch('documents.save', { text: VALID })).toMatchObject({
      result: { path: path.join(dir, 'picked.waymark.json') },
    });
    expect(asked).toEqual([{ defaultName: 'demo.waymark.json' }]);
    expect(await s.dispatch('documents.open', {})).toEqual({ result: null });
  });

  it('ignores a corrupt recent list instead of failing', async () => {
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'recent.json'), '{oops');
    expect(await service.dispatch('documents.recent', {})).toEqual({ result: [] });
  });
});

describe('dispatch', () => {
  it('validates before any handler runs', async () => {
    expect(await service.dispatch('fs.readFile', {})).toMatchObject({ error: { code: 'unknown_method' } });
    expect(await service.dispatch('__proto__', {})).toMatchObject({ error: { code: 'unknown_method' } });
    const r = await service.dispatch('spec.validate', { text: 42 });
    expect(r).toMatchObject({ error: { code: 'invalid_params' } });
    expect('error' in r && r.error.message).toContain('params.text');
    expect(await service.dispatch('examples.list', { extra: true })).toMatchObject({
      error: { code: 'invalid_params' },
    });
  });

  it('publishes engine events and notices to subscribers, isolating a failing one', () => {
    const got: unknown[] = [];
    service.events.subscribe(() => {
      throw new Error('broken client');
    });
    service.events.subscribe((p) => got.push(p));
    service.events.notify({ command: 'file.save' });
    const event = { type: 'run.resumed', runId: 'r1', seq: 1, at: '2025-01-01T00:00:00.000Z', fromStep: 2 } as const;
    service.events.publish(event);
    expect(got).toEqual([{ notice: { command: 'file.save' } }, { event }]);
  });
});
