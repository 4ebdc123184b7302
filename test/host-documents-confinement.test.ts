// The web host's documents stay inside the workspace and never go through a symbolic link.
// Driven over the real WebSocket API of a real host on 127.0.0.1. DECOYS only: every link
// points at a decoy file in a temp dir outside the workspace (this runs as root: a link at a
// real system file would make a bug in the code under test a bug on the machine).
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService } from '../src-main/host/api-service';
import { writeFileAtomic } from '../src-main/host/atomic-write';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';
import { DEMO_SPEC_TEXT } from './helpers/specs';

const SPEC = DEMO_SPEC_TEXT;
const DECOY_SECRET = '{"aws_secret_access_key": "DECOY-NOT-A-REAL-KEY"}';
const DECOY_TARGET = '{"decoy": "original bytes"}';

let root: string;
let ws: string;
let decoy: string;
let t: TestHost;
let api: ApiClient;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-confine-'));
  decoy = path.join(root, 'decoy');
  ws = path.join(root, 'ws');
  await mkdir(decoy);
  await mkdir(path.join(ws, 'flows'), { recursive: true });
  await writeFile(path.join(decoy, 'credentials.json'), DECOY_SECRET);
  await writeFile(path.join(decoy, 'target.json'), DECOY_TARGET);
  await writeFile(path.join(ws, 'flows', 'ok.waymark.json'), SPEC);
  await symlink(path.join(decoy, 'credentials.json'), path.join(ws, 'read-link.json'));
  await symlink(path.join(decoy, 'target.json'), path.join(ws, 'write-link.json'));
  await symlink(path.join(decoy, 'created-through-link.json'), path.join(ws, 'dangling.json'));
  await symlink(decoy, path.join(ws, 'decoy-dir'));
  await symlink(path.join(ws, 'flows'), path.join(ws, 'flows-alias'));
  t = await startTestHost({ dir: path.join(root, 'host'), service: { workspace: ws } });
  api = await connectClient(t.host);
});

afterAll(async () => {
  api?.close();
  await t?.kill();
  await rm(root, { recursive: true, force: true });
});

async function decoysUntouched(): Promise<void> {
  expect(await readFile(path.join(decoy, 'credentials.json'), 'utf8')).toBe(DECOY_SECRET);
  expect(await readFile(path.join(decoy, 'target.json'), 'utf8')).toBe(DECOY_TARGET);
  expect((await readdir(decoy)).sort()).toEqual(['credentials.json', 'target.json']);
}

function errorOf(reply: unknown): { code: string; message: string } {
  expect(reply).toHaveProperty('error');
  return (reply as { error: { code: string; message: string } }).error;
}

describe('documents in the web host', () => {
  it('opens and saves inside the workspace, by relative or absolute path', async () => {
    const opened = await api.ok('documents.open', { path: 'flows/ok.waymark.json' });
    expect(opened).toEqual({ path: path.join(ws, 'flows', 'ok.waymark.json'), text: SPEC });
    const saved = await api.ok('documents.save', { path: path.join(ws, 'flows', 'new.waymark.json'), text: SPEC });
    expect(saved?.path).toBe(path.join(ws, 'flows', 'new.waymark.json'));
    expect(await readFile(path.join(ws, 'flows', 'new.waymark.json'), 'utf8')).toBe(saved?.text);
  });

  it('refuses paths outside the workspace, absolute or through ..', async () => {
    for (const p of [
      path.join(decoy, 'credentials.json'),
      '../decoy/credentials.json',
      'flows/../../decoy/credentials.json',
      `${ws}-sibling/x.json`,
      '/',
    ]) {
      const e = errorOf(await api.call('documents.open', { path: p }));
      expect(e.code, p).toBe('forbidden');
      expect(e.message, p).toMatch(/outside the workspace/);
      expect(
        errorOf(await api.call('documents.save', { path: p.endsWith('.json') ? p : `${p}x.json`, text: SPEC })).code,
      ).toBe('forbidden');
    }
    await decoysUntouched();
  });

  it('never reads through a linked file, nor writes through one (existing or dangling)', async () => {
    const read = errorOf(await api.call('documents.open', { path: 'read-link.json' }));
    expect(read).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/symbolic link/) });
    expect(read.message).not.toContain('DECOY-NOT-A-REAL-KEY');

    for (const p of ['write-link.json', 'dangling.json']) {
      const e = errorOf(await api.call('documents.save', { path: p, text: SPEC }));
      expect(e, p).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/symbolic link/) });
      // The link itself is left as it was, still a link.
      expect((await lstat(path.join(ws, p))).isSymbolicLink()).toBe(true);
    }
    await decoysUntouched();
  });

  it('never goes through a linked folder, inside or outside the workspace', async () => {
    for (const p of ['decoy-dir/credentials.json', 'decoy-dir/target.json', 'flows-alias/ok.waymark.json']) {
      const e = errorOf(await api.call('documents.open', { path: p }));
      expect(e, p).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/symbolic link/) });
      expect(errorOf(await api.call('documents.save', { path: p, text: SPEC })).code).toBe('forbidden');
    }
    expect(errorOf(await api.call('documents.open', { path: 'decoy-dir/credentials.json' })).message).toMatch(
      /leads outside the workspace/,
    );
    await decoysUntouched();
  });

  it('refuses a FIFO named *.json without hanging, and folders', async () => {
    execFileSync('mkfifo', [path.join(ws, 'pipe.json')]);
    await mkdir(path.join(ws, 'folder.json'));
    expect(errorOf(await api.call('documents.open', { path: 'pipe.json' }))).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/not a regular file/),
    });
    expect(errorOf(await api.call('documents.open', { path: 'folder.json' })).code).toBe('invalid_params');
    expect(errorOf(await api.call('documents.save', { path: 'pipe.json', text: SPEC })).code).toBe('invalid_params');
  });

  it('browses the workspace: folders, .json files and links (marked, never followed); nothing above it', async () => {
    await mkdir(path.join(ws, '.hidden'), { recursive: true });
    await writeFile(path.join(ws, 'notes.txt'), 'not a workflow');
    const top = await api.ok('documents.browse', {});
    expect(top).toMatchObject({ workspace: ws, dir: ws, relative: '', parent: null, truncated: false });
    const kinds = Object.fromEntries(top.entries.map((e) => [e.name, e.kind]));
    expect(kinds).toMatchObject({
      flows: 'folder',
      'read-link.json': 'link',
      'decoy-dir': 'link',
      'flows-alias': 'link',
    });
    expect(kinds['.hidden']).toBeUndefined();
    expect(kinds['notes.txt']).toBeUndefined();
    expect(top.entries[0]?.kind).toBe('folder'); // folders first

    const flows = await api.ok('documents.browse', { dir: 'flows' });
    expect(flows).toMatchObject({ dir: path.join(ws, 'flows'), relative: 'flows', parent: ws });
    expect(flows.entries.find((e) => e.name === 'ok.waymark.json')).toMatchObject({
      kind: 'file',
      path: path.join(ws, 'flows', 'ok.waymark.json'),
      size: Buffer.byteLength(SPEC),
    });

    for (const dir of ['..', decoy, 'decoy-dir', 'flows-alias', 'flows/../..']) {
      expect(errorOf(await api.call('documents.browse', { dir })).code, dir).toBe('forbidden');
    }
    expect(errorOf(await api.call('documents.browse', { dir: 'missing' })).code).toBe('not_found');
  });

  it('lists only recent files inside the workspace', async () => {
    await api.ok('documents.open', { path: 'flows/ok.waymark.json' });
    const recent = await api.ok('documents.recent', {});
    expect(recent[0]).toBe(path.join(ws, 'flows', 'ok.waymark.json'));
    expect(recent.every((f) => f.startsWith(`${ws}${path.sep}`))).toBe(true);
  });
});

describe('documents in the desktop app', () => {
  it('a link picked in a native dialog is refused too, for open and save', async () => {
    const picks = [path.join(ws, 'read-link.json'), path.join(ws, 'write-link.json')];
    const s = createApiService({
      dataDir: path.join(root, 'desktop-data'),
      examplesDir: root,
      dialogs: { showOpen: async () => picks[0] ?? null, showSave: async () => picks[1] ?? null },
      log: () => {},
      dbPath: path.join(root, 'desktop.db'),
    });
    try {
      expect(errorOf(await s.dispatch('documents.open', {}))).toMatchObject({ code: 'forbidden' });
      expect(errorOf(await s.dispatch('documents.save', { text: SPEC }))).toMatchObject({ code: 'forbidden' });
      expect(errorOf(await s.dispatch('documents.browse', {}))).toMatchObject({ code: 'forbidden' });
      await decoysUntouched();
    } finally {
      s.close();
    }
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file keeping its permission bits and leaves no temp file', async () => {
    const f = path.join(root, 'private.json');
    await writeFile(f, 'old');
    await chmod(f, 0o600);
    await writeFileAtomic(f, 'new');
    expect(await readFile(f, 'utf8')).toBe('new');
    expect((await stat(f)).mode & 0o777).toBe(0o600);
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a link target (existing or dangling) and writes nothing', async () => {
    await expect(writeFileAtomic(path.join(ws, 'write-link.json'), 'x')).rejects.toThrow(/symbolic link/);
    await expect(writeFileAtomic(path.join(ws, 'dangling.json'), 'x')).rejects.toThrow(/symbolic link/);
    await decoysUntouched();
    expect((await readdir(ws)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
