/**
 * `npm run web` as a newcomer meets it: it starts without rebuilding a current renderer
 * (the suite runs after `npm run build:renderer`), serves the editor, and stopping npm —
 * SIGTERM to npm alone (an IDE's stop button, a process manager) or Ctrl+C in a terminal
 * (SIGINT to the whole process group) — leaves no server and no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rendererFreshness } from '../scripts/renderer-stamp';

const ROOT = path.resolve(import.meta.dirname, '..');

test.skip(process.platform !== 'linux', 'reads the process tree from /proc');

/** Every live process below `pid`, from /proc. */
async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const ppid = Number(fields[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited while we looked */
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of parents.get(queue.shift() as number) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

interface Web {
  npm: ChildProcess;
  url: URL;
  output: () => string;
  dataDir: string;
}

/** Processes a test started, killed afterwards if a failed test left them running. */
const started = new Set<number>();
test.afterEach(async () => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  started.clear();
});

async function startWeb(): Promise<Web> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-web-'));
  // Detached: npm leads its own process group, as it does in a terminal.
  const npm = spawn('npm', ['run', 'web', '--', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  let out = '';
  npm.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await expect.poll(() => /running at (http:\/\/\S+)/.exec(out)?.[1], { timeout: 45_000 }).toBeTruthy();
  const url = new URL(/running at (http:\/\/\S+)/.exec(out)?.[1] as string);
  for (const pid of [npm.pid as number, ...(await descendants(npm.pid as number))]) started.add(pid);
  return { npm, url, output: () => out, dataDir };
}

async function expectGone(web: Web, procs: number[]): Promise<void> {
  await expect.poll(() => procs.filter(alive), { timeout: 15_000 }).toEqual([]);
  expect(await portOpen(Number(web.url.port))).toBe(false);
  await rm(web.dataDir, { recursive: true, force: true });
}

test.beforeAll(async () => {
  // The e2e suite runs after `npm run build:renderer`, so the build must count as current;
  // if it does not, either the build is stale or the stamp logic is broken.
  expect(await rendererFreshness(ROOT, path.join(ROOT, 'dist', 'renderer'))).toEqual({ current: true });
});

test('npm run web starts on the current build and SIGTERM to npm stops the server', async () => {
  const web = await startWeb();
  expect(web.output()).toContain('The renderer build is current');
  expect(web.output()).not.toContain('Building the renderer');
  const res = await fetch(web.url);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<div id="root">');
  const procs = await descendants(web.npm.pid as number);
  expect(procs.length).toBeGreaterThan(0);
  process.kill(web.npm.pid as number, 'SIGTERM');
  await expectGone(web, [web.npm.pid as number, ...procs]);
});

test('Ctrl+C (SIGINT to the process group) stops npm run web cleanly', async () => {
  const web = await startWeb();
  const procs = await descendants(web.npm.pid as number);
  expect(await portOpen(Number(web.url.port))).toBe(true);
  process.kill(-(web.npm.pid as number), 'SIGINT');
  await expectGone(web, [web.npm.pid as number, ...procs]);
});
