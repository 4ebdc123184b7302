// A recent file is a path remembered from an earlier open or save; by the time it is opened
// again it may have been replaced by a symbolic link (to a credentials file, say). Reopening
// it from the recent list must refuse the link, on read and on save, and leave the target
// alone. DECOYS only: every link points at a decoy in this test's temp dir.
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService } from '../src-main/host/api-service';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';
import { DEMO_SPEC_TEXT } from './helpers/specs';

const SPEC = DEMO_SPEC_TEXT;
const DECOY = '{"aws_secret_access_key": "DECOY-NOT-A-REAL-KEY"}';

let root: string;
let decoy: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-recent-links-'));
  decoy = path.join(root, 'decoy');
  await mkdir(decoy);
  await writeFile(path.join(decoy, 'credentials.json'), DECOY);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function decoyUntouched(): Promise<void> {
  expect(await readFile(path.join(decoy, 'credentials.json'), 'utf8')).toBe(DECOY);
  expect(await readdir(decoy)).toEqual(['credentials.json']);
}

/** Replaces `file` by a link to the decoy, as a process with write access to the folder could. */
async function swapForLink(file: string): Promise<void> {
  await unlink(file);
  await symlink(path.join(decoy, 'credentials.json'), file);
}

describe('a recent file replaced by a link', () => {
  let t: TestHost;
  let api: ApiClient;
  afterAll(async () => {
    api?.close();
    await t?.kill();
  });

  it('web host: still listed, but opening or saving it through the link is refused', async () => {
    const ws = path.join(root, 'ws');
    await mkdir(ws);
    t = await startTestHost({ dir: path.join(root, 'host'), service: { workspace: ws } });
    api = await connectClient(t.host);
    const file = path.join(ws, 'flow.waymark.json');
    await api.ok('documents.save', { path: file, text: SPEC });
    expect(await api.ok('documents.recent', {})).toContain(file);

    await swapForLink(file);
    const open = await api.call('documents.open', { path: file });
    expect(open).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/symbolic link/) } });
    expect(JSON.stringify(open)).not.toContain('DECOY-NOT-A-REAL-KEY');
    expect(await api.call('documents.save', { path: file, text: SPEC })).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/symbolic link/) },
    });
    await decoyUntouched();
  });

  it('desktop backend: a recent file (granted) that became a link is refused too', async () => {
    const dir = path.join(root, 'desktop-docs');
    await mkdir(dir);
    const file = path.join(dir, 'flow.waymark.json');
    let pick: string | null = file;
    const s = createApiService({
      dataDir: path.join(root, 'desktop-data'),
      examplesDir: root,
      dialogs: { showOpen: async () => pick, showSave: async () => pick },
      log: () => {},
      dbPath: path.join(root, 'desktop.db'),
    });
    try {
      expect(await s.dispatch('documents.save', { text: SPEC })).toMatchObject({ result: { path: file } });
      expect(await s.dispatch('documents.recent', {})).toMatchObject({ result: [file] });
      await swapForLink(file);
      pick = null;
      const open = await s.dispatch('documents.open', { path: file });
      expect(open).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/symbolic link/) } });
      expect(JSON.stringify(open)).not.toContain('DECOY-NOT-A-REAL-KEY');
      expect(await s.dispatch('documents.save', { path: file, text: SPEC })).toMatchObject({
        error: { code: 'forbidden' },
      });
      await decoyUntouched();
    } finally {
      s.close();
    }
  });
});
