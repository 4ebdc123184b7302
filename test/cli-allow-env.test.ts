// Environment secrets come only from the allowlist the user sets (`--allow-env`,
// WAYMARK_ALLOW_ENV), never from the spec: the real CLI against a loopback service that
// records what it was sent.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { cli, tempDir } from './helpers/cli';

const VALUE = 'env-decoy-value-8d7c6b5a';
const dir = tempDir('waymark-allow-env-');
let api: FlakyServer;
let file: string;

beforeAll(async () => {
  api = await startFlakyServer({ fallback: () => ({ status: 200, body: { ok: true } }) });
  file = path.join(dir, 'env.waymark.json');
  writeFileSync(
    file,
    JSON.stringify({
      specVersion: 1,
      id: 'env-secret',
      name: 'Env secret',
      // The spec names the variable; naming it is not enough to get it.
      secrets: [{ name: 'DECOY_CLOUD_KEY' }],
      connectors: {
        api: { kind: 'http', baseUrl: api.url, headers: { 'X-Key': { secret: 'DECOY_CLOUD_KEY' } }, risk: 'read' },
      },
      nodes: [
        { id: 'start', type: 'start', name: 'Start' },
        {
          id: 'call',
          type: 'tool',
          name: 'Call API',
          config: { connector: 'api', path: '/x' },
          retry: { maxAttempts: 1 },
        },
        { id: 'end', type: 'end', name: 'End' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'end' },
      ],
    }),
  );
});

afterAll(async () => {
  await api?.close();
});

const run = (db: string, extra: string[], env: Record<string, string>) =>
  cli(['--db', path.join(dir, db), '--json', ...extra, 'run', file], { env: { DECOY_CLOUD_KEY: VALUE, ...env } });

describe('environment secrets come from the allowlist only', () => {
  it('does not read a variable the user did not allow, though the spec declares it and it is set', async () => {
    const before = api.requests.length;
    const r = await run('a.db', [], { WAYMARK_ALLOW_ENV: '' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toContain(
      'secret "DECOY_CLOUD_KEY" (header "X-Key" of connector "api") is not set',
    );
    expect(api.requests.length).toBe(before);
    expect(r.stdout + r.stderr).not.toContain(VALUE);
  });

  it('reads it with --allow-env, and with WAYMARK_ALLOW_ENV', async () => {
    const a = await run('b.db', ['--allow-env', 'OTHER,DECOY_CLOUD_KEY'], {});
    expect(a.code, a.stderr).toBe(0);
    expect(api.requests.at(-1)?.headers['x-key']).toBe(VALUE);
    const b = await run('c.db', [], { WAYMARK_ALLOW_ENV: 'DECOY_CLOUD_KEY' });
    expect(b.code, b.stderr).toBe(0);
    expect(api.requests.at(-1)?.headers['x-key']).toBe(VALUE);
  });

  it('refuses an allowlist entry that is not a variable name (exit 2), naming it', async () => {
    const r = await run('d.db', ['--allow-env', 'GOOD,bad-name'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-env: "bad-name" is not an environment variable name');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
