// audit.* and secrets.* over the real web host. Secret values go in (desktop store) but never
// come back out: not from secrets.list, not in run events, not in the audit log.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretInfo, SecretStore } from '../src-main/host/secret-store';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';

const PLANTED = 'sk-planted-9f8e7d6c5b4a';

/** An in-memory stand-in for the desktop's safeStorage-backed store. */
function memorySecretStore(): SecretStore {
  const values = new Map<string, { value: string; at: string }>();
  return {
    list: (): SecretInfo[] =>
      [...values.entries()]
        .map(([name, v]) => ({ name, updatedAt: v.at }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    set: (name, value) => void values.set(name, { value, at: new Date().toISOString() }),
    delete: (name) => values.delete(name),
    get: (name) => values.get(name)?.value,
    status: () => ({ encrypted: true }),
  };
}

let echo: FlakyServer;
beforeAll(async () => {
  // Echoes the Authorization header back in its body: the engine must redact it.
  echo = await startFlakyServer({
    fallback: (req) => ({ status: 200, body: { seen: req.headers.authorization ?? null } }),
  });
});
afterAll(() => echo.close());

const spec = (url: string) =>
  JSON.stringify({
    specVersion: 1,
    id: 'secret-flow',
    name: 'Uses a secret',
    secrets: [{ name: 'API_TOKEN' }],
    connectors: {
      api: { kind: 'http', baseUrl: url, risk: 'read', headers: { Authorization: { secret: 'API_TOKEN' } } },
    },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'call', type: 'tool', name: 'Call', config: { connector: 'api', path: '/whoami' } },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'end' },
    ],
  });

describe('desktop: secrets stored through the API, used by runs, never returned', () => {
  let t: TestHost;
  let client: ApiClient;
  beforeAll(async () => {
    t = await startTestHost({ service: { secretStore: memorySecretStore() } });
    client = await connectClient(t.host);
  });
  afterAll(async () => {
    client.close();
    await t.kill();
    await rm(t.dir, { recursive: true, force: true });
  });

  it('sets a secret write-only, lists names only, and redacts it everywhere', async () => {
    expect(await client.ok('secrets.list', { names: ['API_TOKEN'] })).toMatchObject({
      writable: true,
      secrets: [{ name: 'API_TOKEN', source: 'missing' }],
    });
    await client.ok('secrets.set', { name: 'API_TOKEN', value: PLANTED });
    const listed = await client.ok('secrets.list', { names: ['API_TOKEN'] });
    expect(listed.secrets).toEqual([{ name: 'API_TOKEN', source: 'store', updatedAt: expect.any(String) }]);
    const { runId } = await client.ok('runs.start', { text: spec(echo.url), input: {} });
    const finished = await client.finished(runId);
    expect(echo.requests.at(-1)?.headers.authorization).toBe(PLANTED); // the real call carried it
    expect(finished.output).toEqual({ seen: '[secret:API_TOKEN]' });
    const everything = JSON.stringify([
      client.pushes,
      await client.ok('runs.get', { runId }),
      await client.ok('runs.events', { runId }),
      await client.ok('audit.list', {}),
      listed,
    ]);
    expect(everything).not.toContain(PLANTED);
    expect(await client.call('secrets.set', { name: 'bad name!', value: 'x' })).toMatchObject({
      error: { code: 'invalid_params', message: expect.stringContaining('params.name') },
    });
    expect(await client.ok('secrets.delete', { name: 'API_TOKEN' })).toEqual({ deleted: true });
  });

  it('lists and verifies the audit log of a run', async () => {
    await client.ok('secrets.set', { name: 'API_TOKEN', value: PLANTED });
    const { runId } = await client.ok('runs.start', { text: spec(echo.url), input: {} });
    expect(await client.finished(runId)).toMatchObject({ status: 'completed' });
    const entries = await client.ok('audit.list', { runId });
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['run.started', 'policy.checked', 'secret.accessed', 'run.finished']),
    );
    expect(entries.every((e) => e.runId === runId)).toBe(true);
    const onlyPolicy = await client.ok('audit.list', { runId, kinds: ['policy.checked'] });
    expect(onlyPolicy.length).toBeGreaterThan(0);
    expect(onlyPolicy.every((e) => e.kind === 'policy.checked')).toBe(true);
    expect(await client.ok('audit.verify', {})).toMatchObject({ ok: true, entries: expect.any(Number) });
  });
});

describe('web host: secrets come from the environment', () => {
  it('lists which declared secrets have a value and refuses to store one', async () => {
    const t = await startTestHost({
      service: { runs: { runtime: { secrets: { get: (n) => (n === 'FROM_ENV' ? 'v' : undefined) } } } },
    });
    const client = await connectClient(t.host);
    try {
      expect(await client.ok('secrets.list', { names: ['FROM_ENV', 'NOT_SET'] })).toMatchObject({
        writable: false,
        secrets: [
          { name: 'FROM_ENV', source: 'environment' },
          { name: 'NOT_SET', source: 'missing' },
        ],
      });
      expect(await client.call('secrets.set', { name: 'X', value: 'y' })).toMatchObject({
        error: { code: 'forbidden', message: expect.stringContaining('environment') },
      });
    } finally {
      client.close();
      await t.kill();
      await rm(t.dir, { recursive: true, force: true });
    }
  });
});
