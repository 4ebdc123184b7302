// The web host reads environment secrets only from the allowlist the user set (its
// `--allow-env`, i.e. the runtime's `allowEnv`, and WAYMARK_ALLOW_ENV): `secrets.list` reports a
// variable outside it as missing — exactly like one that does not exist — and runs do not get it.
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, startTestHost, type TestHost } from './helpers/api-client';

const NAME = 'WAYMARK_TEST_DECOY_CLOUD_KEY';
let t: TestHost | undefined;

afterEach(async () => {
  delete process.env[NAME];
  await t?.kill();
  if (t) await rm(t.dir, { recursive: true, force: true });
  t = undefined;
});

describe('web host: environment secrets from the allowlist only', () => {
  it('does not reveal a set variable that is not allowed, and lists an allowed one', async () => {
    process.env[NAME] = 'decoy-value-1234';
    t = await startTestHost();
    let client = await connectClient(t.host);
    const hidden = await client.ok('secrets.list', { names: [NAME, 'WAYMARK_TEST_REALLY_UNSET'] });
    expect(hidden.secrets).toEqual([
      { name: NAME, source: 'missing' },
      { name: 'WAYMARK_TEST_REALLY_UNSET', source: 'missing' },
    ]);
    client.close();
    await t.kill();
    await rm(t.dir, { recursive: true, force: true });

    t = await startTestHost({ service: { runs: { runtime: { allowEnv: [NAME] } } } });
    client = await connectClient(t.host);
    const shown = await client.ok('secrets.list', { names: [NAME] });
    expect(shown.secrets).toEqual([{ name: NAME, source: 'environment' }]);
    expect(JSON.stringify(shown)).not.toContain('decoy-value-1234');
    client.close();
  });
});
