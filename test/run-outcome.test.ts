// A run whose error edge caught a failure is "completed with errors" in the CLI (`runs`,
// `show`) and in the API's run summaries — never plain "completed".
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handledFailures, runOutcome } from '../shared/run-outcome';
import { cli, tempDir } from './helpers/cli';

const dir = tempDir();
const db = path.join(dir, 'runs.db');

/** A tool step with no pinned output fails in simulation; its error edge leads to an end. */
const caught = {
  specVersion: 1,
  id: 'caught',
  name: 'Caught',
  connectors: { api: { kind: 'http', baseUrl: 'http://127.0.0.1:9', risk: 'read' } },
  nodes: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'fetch', type: 'tool', name: 'Fetch order', config: { connector: 'api', method: 'GET', path: '/o' } },
    { id: 'ok', type: 'end', name: 'Done' },
    { id: 'fallback', type: 'end', name: 'Fallback', config: { outcome: 'fallback' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'fetch' },
    { id: 'e2', source: 'fetch', target: 'ok' },
    { id: 'e3', source: 'fetch', target: 'fallback', kind: 'error' },
  ],
};

describe('completed with errors', () => {
  it('is derived from steps left by their error edge', () => {
    expect(
      handledFailures([
        { status: 'failed', port: 'error' },
        { status: 'completed', port: 'next' },
      ]),
    ).toBe(1);
    expect(handledFailures([{ status: 'failed' }])).toBe(0);
    expect(runOutcome({ status: 'completed', handledErrors: 2 })).toBe('completed_with_errors');
    expect(runOutcome({ status: 'completed' })).toBe('completed');
    expect(runOutcome({ status: 'failed', handledErrors: 1 })).toBe('failed');
  });

  it('the CLI says so in `runs` and `show`, text and JSON', async () => {
    const file = path.join(dir, 'caught.waymark.json');
    writeFileSync(file, JSON.stringify(caught));
    const run = await cli(['--db', db, 'run', file, '--simulate', '--run-id', 'c1', '-q']);
    expect(run.code).toBe(0);
    const clean = path.join(dir, 'clean.waymark.json');
    writeFileSync(
      clean,
      JSON.stringify({
        ...caught,
        id: 'clean',
        nodes: caught.nodes.map((n) => (n.id === 'fetch' ? { ...n, pinned: { output: {} } } : n)),
      }),
    );
    expect((await cli(['--db', db, 'run', clean, '--simulate', '--run-id', 'c2', '-q'])).code).toBe(0);

    const list = await cli(['--db', db, 'runs']);
    const row = (id: string) => list.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(row('c1')).toContain('completed with errors (1 caught)');
    expect(row('c2')).toContain('completed');
    expect(row('c2')).not.toContain('errors');
    const json = JSON.parse((await cli(['--db', db, 'runs', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json.find((r) => r.id === 'c1')).toMatchObject({
      status: 'completed',
      outcome: 'completed_with_errors',
      handledErrors: 1,
    });
    expect(json.find((r) => r.id === 'c2')).toMatchObject({ outcome: 'completed', handledErrors: 0 });

    const show = await cli(['--db', db, 'show', 'c1']);
    expect(show.stdout.split('\n')[0]).toContain('completed with errors (1 caught)');
    const shown = JSON.parse((await cli(['--db', db, 'show', 'c1', '--json'])).stdout) as {
      run: Record<string, unknown>;
    };
    expect(shown.run).toMatchObject({ outcome: 'completed_with_errors', handledErrors: 1 });
  });
});
